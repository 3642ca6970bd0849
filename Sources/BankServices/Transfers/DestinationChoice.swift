/// Where the customer chose to send money, on the 振込・振替 screen.
public enum DestinationChoice: Sendable, Equatable {
    /// 振替: one of the customer's own accounts.
    case own(accountID: Int64)
    /// 振込・振替先一覧(利用者登録).
    case customerPayee(id: Int64)
    /// 届出済み振込先.
    case bankPayee(id: Int64)
    /// 他口座への振込・振替: typed by hand.
    case other(bankCode: String, branchCode: String, accountType: String, accountNumber: String, holderName: String)
}
