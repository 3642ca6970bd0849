import BankCore
import BankStore
import Foundation

/// メール送信状況: the outbox newest first, and how many mails are in each status.
public struct OutboxOverview: Sendable, Equatable {
    public var entries: [OutboxEntry]
    public var counts: [OutboxStatus: Int]
    /// The list stopped at its limit: there are older mails (narrow by status to see them).
    public var truncated: Bool
}
