import BankCore
import BankStore

/// A destination resolved against the bank's records: what the 確認画面 shows and what the
/// transfer writes. Codable because the confirmation row keeps it verbatim.
public struct TransferDestination: Sendable, Equatable, Codable {
    /// Own account, payee of either list, or typed by hand (the DestinationChoice cases).
    public var kind: DestinationKind
    public var payeeID: Int64?
    public var bankCode: String
    public var bankName: String
    public var branchCode: String
    public var branchName: String
    public var accountType: AccountType
    public var accountNumber: String
    public var holderName: String
    /// Set when the account is in this bank (the credit side of the ledger transaction).
    public var accountID: Int64?
    /// The 受取人名 the customer typed for an account in this bank when it differs from the
    /// account holder's name in the ledger (`holderName`, what is paid to). The screens show
    /// both and 実行 asks the customer to confirm the holder: nothing is paid to a name the
    /// customer did not see. Nil when they agree, the name was left empty, or it is another bank.
    public var typedHolderName: String? = nil

    /// The key a mail password is bound to (PayeeInput.key's form).
    public var key: String {
        PayeeInput.key(bankCode: bank, branchCode: branch, accountType: accountType, accountNumber: number)
    }

    /// The codes as the rules take them: a destination is only ever built from a checked
    /// PayeeInput or from the bank's own records, so they are valid.
    public var bank: BankCode { BankCode(unchecked: bankCode) }
    public var branch: BranchCode { BranchCode(unchecked: branchCode) }
    public var number: AccountNumber { AccountNumber(unchecked: accountNumber) }

    /// What a メール通知パスワード is bound to: the account and the 受取人名 its mail named, so
    /// a password mailed for one name does not confirm the same account under another.
    public var mailPasswordBinding: String { key + "/" + holderName }

    /// 利用者登録 payees and hand-typed accounts need the mail password (when it is on);
    /// 届出済み payees and own accounts never do (notice 別紙2 (注)).
    public var needsMailPassword: Bool { kind == .customer || kind == .other }
}
