import BankCore
import BankStore
import Foundation
import SQLKit

extension TransferService {
    /// Resolves a choice for a customer: their own account, their payee, or a typed account
    /// that must exist in the bank/branch master (and, in this bank, in the ledger, whose
    /// holder name is shown back instead of the typed one).
    public func resolveDestination(customerID: Int64, _ choice: DestinationChoice) async throws -> TransferDestination {
        // A transaction, not a read: a typed account in this bank writes its name lookup.
        try await database.transaction { db in try await resolveDestination(db, customerID: customerID, choice) }
    }
}
