import BankCore
import BankStore
import Foundation

extension BankUseCase {
    /// An unknown (or closed) ID gets what a wrong password gets — a counted attempt, a hash
    /// of the same cost, the same lock — so IDs cannot be discovered. The typed ID is not
    /// kept, only a hash: people type passwords into the ID field. Returns the failure count.
    func refuseUnknownIdentity(key: String, password: String, event: AuditEventName, detail: AuditDetail, factors: FactorRecord,
                               client: ClientInfo, at now: Date) async throws -> Int {
        let failures = try await database.transaction { db in
            try await CredentialRecords.recordUnknownFailure(db, loginIDHash: key, at: now)
        }
        _ = try await hasher.verify(password, against: Self.timingDummyHash)
        try await database.transaction { db in
            try await AuditRecords.write(db, event, failures > settings.lockout.limit ? .refused : .failure, by: .anonymous,
                                         client: client, factors: factors, detail: detail + [.field(.failures, failures)], at: now)
        }
        return failures
    }
}
