import BankCore
import BankStore
import Foundation

extension BankUseCase {
    /// Refuses anyone but 事務担当 and 役席, writing the refused attempt to the audit trail.
    func requireCounterWorker(_ actor: BankActor, event: AuditEventName, customerID: Int64?, client: ClientInfo) async throws {
        do { try actor.requireStaff(StaffRole.counterWorkers) } catch {
            let now = clock.now()
            try await database.transaction { db in
                try await AuditRecords.write(db, event, .refused, by: AuditActor(actor), customerID: customerID,
                    client: client, detail: [.code(.forbidden)] + actor.roleDetail, at: now)
            }
            throw error
        }
    }
}
