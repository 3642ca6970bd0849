import BankCore
import BankStore
import SQLKit

extension BankUseCase {
    /// A payee with its bank's and branch's names (this bank's branches, else the master).
    func payeeView(_ db: any SQLDatabase, _ record: PayeeRecord) async throws -> PayeeView {
        if record.bankCode == settings.bankCode {
            let branch = try await AccountRecords.findBranch(db, code: record.branchCode)
            return PayeeView(record: record, bankName: settings.bankName, branchName: branch?.nameJa ?? record.branchCode)
        }
        let names = try await BankDirectoryRecords.find(db, bankCode: record.bankCode, branchCode: record.branchCode)
        return PayeeView(record: record, bankName: names?.bankName ?? record.bankCode, branchName: names?.branchName ?? record.branchCode)
    }

    /// `payee=<id> <bank>-<branch>-<type>-<masked number>`: which payee, and where it pays.
    static func payeeDetail(_ id: Int64, _ payee: PayeeRecord) -> AuditDetail {
        [.field(.payee, "\(id) \(payeeSummary(payee))")]
    }

    static func payeeSummary(_ payee: PayeeRecord) -> String {
        "\(payee.bankCode)-\(payee.branchCode)-\(payee.accountType.rawValue)-\(maskedAccountNumber(payee.accountNumber))"
    }
}
