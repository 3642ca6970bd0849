import BankCore
import BankStore
import Foundation

/// A 予約振込 as the back office lists and shows it: the booking, whose it is, until when the
/// bank may still cancel it, and a cancel request already waiting for a 役席.
public struct ScheduledBookingView: Sendable, Equatable {
    public var transfer: TransferView
    public var loginID: String
    public var nameKanji: String
    public var nameKana: String
    /// The run hour of its 振込指定日 (`ScheduleRules.bankCancelDeadline`); nil for a transfer with no day.
    public var bankCancelDeadline: Date?
    /// 予約中 and before that deadline now.
    public var bankCancellable: Bool
    /// The number of a pending 取消 request (maker-checker), if one waits.
    public var pendingCancelRequest: Int64?
}

/// The back office's 予約中 list: the rows shown and whether there were more.
public struct ScheduledBookingList: Sendable, Equatable {
    public var bookings: [ScheduledBookingView]
    public var truncated: Bool
}
