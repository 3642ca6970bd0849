import BankCore
import BankStore
import Foundation

/// A transfer as the screens and the CLI show it (受付番号, destination, amount, fee, status,
/// route, the factors presented, its ledger transaction): the store's row without the 確認画面's
/// nonce, so that BankWeb and the CLI see a type of the services.
public struct TransferView: Sendable, Equatable {
    public var id: Int64
    public var receptionNumber: String
    public var customerID: Int64
    public var sourceAccountID: Int64
    public var route: TransferRoute
    public var destinationKind: DestinationKind
    public var payeeID: Int64?
    public var bankCode: String
    public var branchCode: String
    public var accountType: AccountType
    public var accountNumber: String
    public var holderName: String
    public var destinationAccountID: Int64?
    public var amount: Yen
    public var fee: Yen
    public var status: TransferStatus
    /// nil while a 予約振込 waits (or after it was cancelled or found too little money).
    public var ledgerTransactionID: Int64?
    public var businessDay: String
    public var factors: FactorRecord
    public var ip: String
    public var userAgent: String
    public var createdAt: Date
    public var statusChangedAt: Date?
    public var statusNote: String?
    /// 予約振込: the 振込指定日, and when the scheduler ran it.
    public var scheduledFor: JapanTime.Day?
    public var executedAt: Date?

    init(_ record: TransferRecord) {
        id = record.id; receptionNumber = record.receptionNumber; customerID = record.customerID
        sourceAccountID = record.sourceAccountID; route = record.route; destinationKind = record.destinationKind
        payeeID = record.payeeID; bankCode = record.bankCode; branchCode = record.branchCode
        accountType = record.accountType; accountNumber = record.accountNumber; holderName = record.holderName
        destinationAccountID = record.destinationAccountID; amount = record.amount; fee = record.fee
        status = record.status; ledgerTransactionID = record.ledgerTransactionID; businessDay = record.businessDay
        factors = record.factors; ip = record.ip; userAgent = record.userAgent; createdAt = record.createdAt
        statusChangedAt = record.statusChangedAt; statusNote = record.statusNote
        scheduledFor = record.scheduledFor.flatMap(JapanTime.Day.init(iso:)); executedAt = record.executedAt
    }
}
