/// One transfer of 振込・振替履歴照会, by its 受付番号: what its result screen shows.
struct TransferHistoryDetailPageModel {
    let result: TransferDonePageModel
    /// A booking still 予約中 whose 取消 deadline has passed: why no 取消 form is offered (nil
    /// otherwise, and when a refused 取消 already says so above the detail).
    let cancelClosed: String?
}
