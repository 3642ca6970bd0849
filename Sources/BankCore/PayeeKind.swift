/// Who registered a payee.
public enum PayeeKind: String, Sendable, Codable {
    /// 振込・振替先一覧(利用者登録): the customer's own list.
    case customer
    /// 届出済み振込先: registered in advance at the bank's counter.
    case bank
}
