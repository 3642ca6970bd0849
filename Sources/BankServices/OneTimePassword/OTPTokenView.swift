import BankCore
import BankStore
import Foundation

/// A customer's token as the screens and the command line show it: what it is and where it
/// stands, without the keyed hash of its 利用開始パスワード or its sealed secret.
public struct OTPTokenView: Sendable, Equatable {
    public var userID: String
    public var status: OTPTokenStatus
    public var mobileEmail: String
    public var issuedAt: Date
    public var setupExpiresAt: Date
    public var provisionedAt: Date?
    public var activatedAt: Date?
    public var endedAt: Date?
    public var endReason: String?
    /// The bank's token app, or the customer's own authenticator app.
    public var kind: OTPTokenKind

    public init(_ token: OTPTokenRecord) {
        userID = token.userID
        status = token.status
        mobileEmail = token.mobileEmail
        issuedAt = token.issuedAt
        setupExpiresAt = token.setupExpiresAt
        provisionedAt = token.provisionedAt
        activatedAt = token.activatedAt
        endedAt = token.endedAt
        endReason = token.endReason
        kind = token.kind
    }
}
