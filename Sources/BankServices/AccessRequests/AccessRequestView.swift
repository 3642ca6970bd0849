import BankCore
import BankStore
import Foundation

/// A maker-checker request as the back office lists and decides it: who asked for what, for
/// whom, and how it was decided.
public struct AccessRequestView: Sendable, Equatable {
    public var id: Int64
    public var customerID: Int64
    /// The customer's ログインID and name, for lists that show many customers' requests.
    public var customerLoginID: String
    public var customerName: String
    public var kind: AccessRequestKind
    /// The credential of an unlock; empty for the other kinds.
    public var target: String
    /// The new 振込限度額 of a limit request (nil: back to the bank's default).
    public var amount: Yen?
    public var reason: String
    public var identityDocument: IdentityDocument?
    public var identityNote: String
    public var status: AccessRequestStatus
    public var requestedBy: Int64
    public var requestedByStaffID: String
    public var requestedAt: Date
    public var decidedBy: Int64?
    public var decidedByStaffID: String?
    public var decidedAt: Date?
    public var decisionNote: String
    /// What the approval did, in the audit trail's words (e.g. `cleared=otp`).
    public var outcome: String
    /// The new address of a 登録メールアドレス変更 (empty for the other kinds).
    public var newValue: String
    /// The credential an unlock clears (the record's reading of `target`, copied).
    public let credential: Credential?

    init(_ record: AccessRequestRecord) {
        id = record.id; customerID = record.customerID; customerLoginID = record.customerLoginID
        customerName = record.customerName; kind = record.kind; target = record.target; amount = record.amount
        reason = record.reason; identityDocument = record.identityDocument; identityNote = record.identityNote
        status = record.status; requestedBy = record.requestedBy; requestedByStaffID = record.requestedByStaffID
        requestedAt = record.requestedAt; decidedBy = record.decidedBy; decidedByStaffID = record.decidedByStaffID
        decidedAt = record.decidedAt; decisionNote = record.decisionNote; outcome = record.outcome
        newValue = record.newValue; credential = record.credential
    }
}
