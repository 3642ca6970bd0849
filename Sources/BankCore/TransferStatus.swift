/// Where a transfer stands: done inside the bank, or, for another bank, 受付済 → sent, or
/// returned; a 予約振込 is 予約中 until its day, then runs (completed / accepted) or ends
/// 取消済 or 残高不足. Stored as its raw value in `transfers.status`.
public enum TransferStatus: String, Sendable, Codable, CaseIterable {
    /// Inside the bank: both ledger sides written at once.
    case completed
    /// 受付済: another bank's account; debited into the clearing account, waiting for the batch.
    case accepted
    /// Handed to the interbank batch.
    case sent
    /// Came back from the other bank: the amount is credited back to the customer.
    case returned
    /// 予約中: booked for a later business day; nothing posted yet.
    case scheduled
    /// 取消済: a booking cancelled by the customer or by the bank before its day.
    case cancelled
    /// 残高不足: a booking that found too little money on its day; nothing posted.
    case insufficientFunds = "insufficient_funds"

    /// Counted against the daily limit of the day it was made (a booking counts on its booking day).
    public var countsAgainstLimit: Bool { self != .returned && self != .cancelled && self != .insufficientFunds }
}
