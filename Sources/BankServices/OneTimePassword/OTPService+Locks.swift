import BankCore
import BankStore

extension OTPService {
    /// Which of the customer's credentials are locked now (only the bank unlocks them): what
    /// the security settings show beside the extra factor.
    public func lockedCredentials(by actor: BankActor) async throws -> Set<Credential> {
        let customerID = try actor.requireCustomer()
        return try await database.read { db in
            Set(try await CustomerRecords.lockedCredentials(db, of: [customerID])[customerID] ?? [])
        }
    }
}
