import BankCore
import BankStore
import Foundation

/// Refused back-office changes: which refusals earn an audit row, and the row.
extension BankUseCase {
    /// The refusals worth a row in the audit trail (wrong role, unknown id, wrong status); nil
    /// for a mistyped field, which the form shows and nothing more.
    static func refusalName(_ error: any Error) -> AuditDetail? {
        switch error {
        case BankError.staff(.forbidden): [.field(.refused, "forbidden")]
        case BankError.transferNotFound, MailRetryRefusal.notFound: [.field(.refused, "not_found")]
        case BankError.transferStatus(let status): [.field(.refused, "status"), .field(.status, "\(status)")]
        case MailRetryRefusal.notFailed(let status): [.field(.refused, "status"), .field(.status, status.rawValue)]
        case MailRetryRefusal.secretErased: [.field(.refused, "secret_erased")]
        default: nil
        }
    }

    func auditRefusal(_ event: AuditEventName, by actor: BankActor, client: ClientInfo, customerID: Int64?,
                      detail: AuditDetail) async throws {
        let now = clock.now()
        try await database.transaction { db in
            try await AuditRecords.write(db, event, .refused, by: AuditActor(actor), customerID: customerID, client: client,
                                         detail: detail + actor.roleDetail, at: now)
        }
    }
}
