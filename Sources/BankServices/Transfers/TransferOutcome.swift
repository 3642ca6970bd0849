import BankStore

/// What 実行 answers: the transfer, and whether it was made by this request or found as
/// the result of an earlier submission of the same 確認画面 (a double click, a reload, a replay).
public struct TransferOutcome: Sendable, Equatable {
    public var transfer: TransferView
    public var replayed: Bool

    init(transfer: TransferRecord, replayed: Bool) {
        self.transfer = TransferView(transfer)
        self.replayed = replayed
    }
}
