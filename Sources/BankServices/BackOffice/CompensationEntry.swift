import BankCore
import BankStore
import Foundation
import SQLKit

/// One login or transfer (or attempt at one) in a compensation report: when, from where,
/// which factors were in force and presented, and the notice's rule that applies.
public struct CompensationEntry: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case login, transfer
    }

    public var kind: Kind
    public var at: Date
    /// The audit event (`login`, `login_password`, `login_otp`, `transfer`,
    /// `confirmation_password`, `mail_password`).
    public var event: String
    public var result: AuditEvent.Result
    public var ip: String
    public var userAgent: String
    public var factors: FactorRecord
    public var assessment: CompensationAssessment
    public var detail: String
    /// The transfer made, for a transfer that went through.
    public var transfer: TransferView?
    /// For a transfer that went through: the ログインのお知らせ of the login whose session made it.
    public var loginNotice: LoginNoticeView? = nil
    /// For a transfer that went through: the customer's raise of the 振込限度額 that was in
    /// force when it was made (nil: the limit was not a raised one), with when it was asked
    /// for and when it took effect.
    public var limitRaise: LimitRaise? = nil
}
