import BankCore
import BankStore
import Foundation

extension Bank {
    /// `kyoei admin banks list`: every bank in the bank/branch master.
    public func directoryBanks() async throws -> [BankSummary] {
        try await database.read { db in try await BankDirectoryRecords.banks(db) }
    }

    /// `kyoei admin banks show`: one bank's branches, or one branch. Codes are read as on the
    /// transfer form (full-width digits allowed) and unknown ones refused with the same
    /// messages, so the counter sees what the customer would.
    public func directoryBranches(bankCode rawBank: String, branchCode rawBranch: String?) async throws -> [BankBranchName] {
        let bank: BankCode
        do { bank = try BankCode(validating: rawBank) } catch {
            throw BankError.invalidInput([FieldError(field: "bank_code", messageKey: Self.codeKey("bank_code", error))])
        }
        var branch: BranchCode?
        if let rawBranch {
            do { branch = try BranchCode(validating: rawBranch) } catch {
                throw BankError.invalidInput([FieldError(field: "branch_code", messageKey: Self.codeKey("branch_code", error))])
            }
        }
        let branches = try await database.read { db in try await BankDirectoryRecords.branches(db, bankCode: bank.value) }
        guard !branches.isEmpty else {
            throw BankError.invalidInput([FieldError(field: "bank_code", messageKey: "error.transfer.unknown_bank")])
        }
        guard let branch else { return branches }
        let match = branches.filter { $0.branchCode == branch.value }
        guard !match.isEmpty else {
            throw BankError.invalidInput([FieldError(field: "branch_code", messageKey: "error.transfer.unknown_branch")])
        }
        return match
    }

    /// `error.bank_code.required` / `error.bank_code.invalid`, as PayeeInput names them.
    private static func codeKey(_ field: String, _ error: DigitCodeError) -> String {
        "error.\(field).\(error == .empty ? "required" : "invalid")"
    }
}
