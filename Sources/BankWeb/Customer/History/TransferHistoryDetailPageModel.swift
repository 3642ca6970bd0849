/// One transfer of 振込・振替履歴照会, by its 受付番号: what its result screen shows.
struct TransferHistoryDetailPageModel {
    let result: TransferDonePageModel
    let historyPath = CustomerRoute.transferHistory.path
}
