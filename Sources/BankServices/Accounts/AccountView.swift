import BankCore
import BankStore
import Foundation

/// An account as the use cases hand it out (残高照会, 明細, a transfer's source, the counter,
/// 元帳検証): the store's row copied field by field, so that BankWeb and the CLI see a type of
/// the services and never the store's.
public struct AccountView: Sendable, Equatable {
    public var id: Int64
    public var customerID: Int64?
    /// The bank's own accounts' code (e.g. 振込手数料); nil for a customer's.
    public var internalCode: String?
    public var branchCode: String
    public var branchNameJa: String
    public var branchNameEn: String
    public var accountType: AccountType
    public var accountNumber: String
    public var holderName: String
    public var balance: Yen
    public var allowNegative: Bool
    public var openedAt: Date

    init(_ record: AccountRecord) {
        id = record.id; customerID = record.customerID; internalCode = record.internalCode
        branchCode = record.branchCode; branchNameJa = record.branchNameJa; branchNameEn = record.branchNameEn
        accountType = record.accountType; accountNumber = record.accountNumber; holderName = record.holderName
        balance = record.balance; allowNegative = record.allowNegative; openedAt = record.openedAt
    }
}
