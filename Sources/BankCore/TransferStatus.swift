/// Where a transfer stands: done inside the bank, or, for another bank, 受付済 → sent, or
/// returned. Stored as its raw value in `transfers.status`.
public enum TransferStatus: String, Sendable, Codable, CaseIterable {
    /// Inside the bank: both ledger sides written at once.
    case completed
    /// 受付済: another bank's account; debited into the clearing account, waiting for the batch.
    case accepted
    /// Handed to the interbank batch.
    case sent
    /// Came back from the other bank: the amount is credited back to the customer.
    case returned
}
