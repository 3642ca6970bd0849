import BankCore
import BankStore
import Foundation
import SQLKit

extension ScheduledTransferService {
    /// A 予約振込 mail for a stored booking, into the outbox of the caller's transaction.
    func enqueueScheduledMail(_ db: any SQLDatabase, _ kind: MailTemplates.ScheduledMail, _ row: TransferRecord,
                              customer: CustomerRecord, late: Bool, at now: Date) async throws {
        guard let day = row.scheduledFor.flatMap(JapanTime.Day.init(iso:)) else { return }
        let source = try await AccountRecords.find(db, id: row.sourceAccountID)
        let sourceLabel = source.map { "\($0.branchNameJa) \(MailTemplates.typeJa($0.accountType)) \($0.accountNumber)" } ?? ""
        let (bankName, branchName) = try await destinationNames(db, row)
        let template = MailTemplates.compose { language in
            MailTemplates.scheduledTransfer(
                kind, bankName: settings.bankName, reception: row.receptionNumber, source: sourceLabel,
                destination: MailTemplates.destination(bankCode: row.bankCode, bankName: bankName, branchCode: row.branchCode,
                                                       branchName: branchName, type: row.accountType,
                                                       accountNumber: row.accountNumber, holderName: row.holderName, language),
                amount: row.amount, fee: row.fee, day: day, late: late, at: now, language: language)
        }
        let mail = composeMail(kind: "transfer_scheduled_\(kind.rawValue)", customerID: customer.id, to: [customer.pcEmail],
                               template: template)
        try await OutboxRecords.enqueue(db, mail, at: now)
    }

    private func destinationNames(_ db: any SQLDatabase, _ row: TransferRecord) async throws -> (String, String) {
        if row.bankCode == settings.bankCode {
            return (settings.bankName, try await AccountRecords.findBranch(db, code: row.branchCode)?.nameJa ?? row.branchCode)
        }
        let names = try await BankDirectoryRecords.find(db, bankCode: row.bankCode, branchCode: row.branchCode)
        return (names?.bankName ?? row.bankCode, names?.branchName ?? row.branchCode)
    }
}
