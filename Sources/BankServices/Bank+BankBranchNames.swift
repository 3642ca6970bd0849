import BankCore
import BankStore
import Foundation

extension Bank {
    /// The bank's and branch's names for a destination stored by code only (a transfer's
    /// row), for the 振込・振替結果 screen. This bank's branches come from its own branch
    /// table, others from the bank/branch master; a code no longer known is shown as itself.
    public func bankAndBranchNames(bankCode: String, branchCode: String) async throws -> (bankName: String, branchName: String) {
        try await database.read { db in
            if bankCode == settings.bankCode {
                let branch = try await AccountRecords.findBranch(db, code: branchCode)
                return (settings.bankName, branch?.nameJa ?? branchCode)
            }
            let names = try await BankDirectoryRecords.find(db, bankCode: bankCode, branchCode: branchCode)
            return (names?.bankName ?? bankCode, names?.branchName ?? branchCode)
        }
    }
}
