import BankCore
import BankStore
import Foundation

/// One credential's failure count and lock, as 顧客詳細 and `kyoei admin customer show` show it.
public struct CredentialStateView: Sendable, Equatable {
    public var credential: Credential
    public var failures: Int
    public var lockedAt: Date?
    /// The record's own answer, copied so that the rule stays written once.
    public let isLocked: Bool

    init(_ record: CredentialState) {
        credential = record.credential; failures = record.failures; lockedAt = record.lockedAt
        isLocked = record.isLocked
    }
}
