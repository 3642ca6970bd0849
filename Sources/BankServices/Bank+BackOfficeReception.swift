import BankCore
import BankStore
import Foundation

extension Bank {
    /// 補償判定資料 for the transfer a customer names on the phone by its 受付番号
    /// (`20261201-483920`); otherwise as `compensationReport(transferID:by:client:)`.
    public func compensationReport(receptionNumber: String, by staff: StaffRecord,
                                   client: ClientInfo? = nil) async throws -> CompensationReport {
        try requireRole(staff, allowed: StaffRole.readers)
        guard ReceptionNumber.isWellFormed(receptionNumber),
              let transfer = try await database.read({ db in try await TransferRecords.findByReception(db, receptionNumber) }) else {
            throw BankError.transferNotFound
        }
        return try await compensationReport(transferID: transfer.id, by: staff, client: client)
    }
}
