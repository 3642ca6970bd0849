import BankStore
import SQLKit

extension BankUseCase {
    /// The id of one of the bank's own accounts (interbank_clearing, fee_income...): the other
    /// side of a transfer to another bank, of a fee, of a counter posting.
    func internalAccountID(_ db: any SQLDatabase, _ code: String) async throws -> Int64 {
        guard let account = try await AccountRecords.internalAccount(db, code: code) else { throw StoreError.notFound }
        return account.id
    }
}
