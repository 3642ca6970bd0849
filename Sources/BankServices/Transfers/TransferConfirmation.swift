import BankCore
import Foundation

/// What the 確認画面 shows, kept server-side under its nonce so that 実行 can change nothing.
public struct TransferConfirmation: Sendable, Equatable, Codable {
    public var nonce: String
    public var sourceAccountID: Int64
    public var sourceLabel: String
    public var destination: TransferDestination
    public var route: TransferRoute
    public var amount: Yen
    public var fee: Yen
    /// What is left of today's 振込限度額 before this transfer.
    public var remainingLimit: Yen
    public var dailyLimit: Yen
    public var needsMailPassword: Bool
    public var createdAt: Date
    /// 予約振込: the 振込指定日 (`2026-12-10`); nil for a transfer made at once.
    public var scheduledFor: String? = nil
}
