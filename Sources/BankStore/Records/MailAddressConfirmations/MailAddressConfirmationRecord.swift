import Foundation

/// A メールアドレス変更 the customer asked for, waiting for (or done with) the link mailed to
/// the new address. `tokenHash` is the SHA-256 of the link's token, never the token.
public struct MailAddressConfirmationRecord: Sendable, Equatable {
    public enum Status: String, Sendable {
        case pending, confirmed, voided
    }

    public var id: Int64
    public var customerID: Int64
    /// `pc` or `mobile` (the services' MailAddressKind).
    public var kind: String
    public var newAddress: String
    public var tokenHash: String
    public var status: Status
    public var createdAt: Date
    public var expiresAt: Date
    public var endedAt: Date?

    public init(id: Int64 = 0, customerID: Int64, kind: String, newAddress: String, tokenHash: String,
                status: Status = .pending, createdAt: Date, expiresAt: Date, endedAt: Date? = nil) {
        self.id = id; self.customerID = customerID; self.kind = kind; self.newAddress = newAddress
        self.tokenHash = tokenHash; self.status = status; self.createdAt = createdAt; self.expiresAt = expiresAt
        self.endedAt = endedAt
    }
}
