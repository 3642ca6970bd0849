import BankCore
import BankStore
import SQLKit

extension BankUseCase {
    /// The customer a ログインID names (typed as the customer types it: case and full-width
    /// letters do not matter), in the caller's transaction, else `customerNotFound`.
    func customer(_ db: any SQLDatabase, loginID: String) async throws -> CustomerRecord {
        guard let customer = try await CustomerRecords.find(db, loginID: CredentialPolicy.normalizeLoginID(loginID)) else {
            throw BankError.customerNotFound
        }
        return customer
    }

    /// The customer with this number, in the caller's transaction, else `customerNotFound`.
    func customer(_ db: any SQLDatabase, id customerID: Int64) async throws -> CustomerRecord {
        guard let customer = try await CustomerRecords.find(db, id: customerID) else { throw BankError.customerNotFound }
        return customer
    }
}
