import BankServices
import BankStore

extension Bank {
    /// A member of staff's row as stored (hash and sealed secret included), for tests that
    /// check what the store keeps: the services hand out no hash.
    public func storedStaff(_ staffID: String) async throws -> StaffRecord {
        guard let record = try await database.read({ db in try await StaffRecords.find(db, staffID: staffID) }) else {
            throw TestSetupError(description: "no staff \(staffID)")
        }
        return record
    }
}
