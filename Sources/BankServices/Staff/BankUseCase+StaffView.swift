import BankCore
import BankStore
import Foundation
import SQLKit

extension BankUseCase {
    /// One `staff_view` row: which member of staff saw which customer's data, from where.
    func auditStaffView(_ db: any SQLDatabase, _ actor: BankActor, client: ClientInfo?, customerID: Int64?,
                        loginID: String?, detail: AuditDetail, at now: Date) async throws {
        try await AuditRecords.write(db, .staffView, .success, by: AuditActor(actor), customerID: customerID, loginID: loginID,
                                     client: client, detail: detail, at: now)
    }
}
