import Foundation

/// One `Idempotency-Key` of one customer (table `api_idempotency`, migration 16).
public struct IdempotencyRecord: Sendable, Equatable {
    public var id: Int64
    public var customerID: Int64
    public var key: String
    /// Which endpoint the key was first used on (`createTransfer`): a key is never shared between two.
    public var operation: String
    /// The keyed hash of the canonical request (KeyedHash's stored form).
    public var fingerprint: String
    public var state: IdempotencyState
    /// While `inProgress`: until when the request that holds the key is presumed alive.
    public var lockedUntil: Date?
    /// While `completed`: the first answer, replayed verbatim.
    public var responseStatus: Int?
    public var responseBody: String?
    /// The transfer the first answer named, if any (for the back office reading the table).
    public var receptionNumber: String?
    public var createdAt: Date
    public var completedAt: Date?
    public var expiresAt: Date

    public init(id: Int64 = 0, customerID: Int64, key: String, operation: String, fingerprint: String,
                state: IdempotencyState = .inProgress, lockedUntil: Date?, responseStatus: Int? = nil, responseBody: String? = nil,
                receptionNumber: String? = nil, createdAt: Date, completedAt: Date? = nil, expiresAt: Date) {
        self.id = id; self.customerID = customerID; self.key = key; self.operation = operation; self.fingerprint = fingerprint
        self.state = state; self.lockedUntil = lockedUntil; self.responseStatus = responseStatus; self.responseBody = responseBody
        self.receptionNumber = receptionNumber; self.createdAt = createdAt; self.completedAt = completedAt; self.expiresAt = expiresAt
    }
}

public enum IdempotencyState: String, Sendable, Equatable {
    case inProgress = "in_progress"
    case completed
}
