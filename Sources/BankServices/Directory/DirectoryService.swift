import BankCore
import BankStore
import Foundation

/// The bank/branch master (全銀 codes and names of other banks) and this bank's own branch
/// names, as transfers, the counter and `kyoei admin banks` read them.
public struct DirectoryService: BankUseCase {
    public let context: BankContext

    public init(context: BankContext) {
        self.context = context
    }
}

extension DirectoryService {
    /// The bank's and branch's names for a destination stored by code only (a transfer's
    /// row), for the 振込・振替結果 screen. This bank's branches come from its own branch
    /// table, others from the bank/branch master; a code no longer known is shown as itself.
    public func names(bankCode: String, branchCode: String) async throws -> (bankName: String, branchName: String) {
        try await database.read { db in
            if bankCode == settings.bankCode {
                let branch = try await AccountRecords.findBranch(db, code: branchCode)
                return (settings.bankName, branch?.nameJa ?? branchCode)
            }
            let names = try await BankDirectoryRecords.find(db, bankCode: bankCode, branchCode: branchCode)
            return (names?.bankName ?? bankCode, names?.branchName ?? branchCode)
        }
    }

    /// `kyoei admin banks import`: the bank/branch master from CSV (BankDirectoryCSV's
    /// columns). A file with any bad line imports nothing.
    public func importCSV(_ csv: String, by actor: BankActor) async throws -> (banks: Int, branches: Int) {
        try actor.requireOperator()
        let entries: [BankDirectoryEntry]
        do { entries = try BankDirectoryCSV.parse(csv) } catch {
            throw BankError.directoryImport(error)
        }
        let now = clock.now()
        return try await database.transaction { db in
            let counts = try await BankDirectoryRecords.upsert(db, entries.map {
                BankBranchName(bankCode: $0.bankCode.value, bankName: $0.bankName, bankNameKana: $0.bankNameKana.value,
                               branchCode: $0.branchCode.value, branchName: $0.branchName, branchNameKana: $0.branchNameKana.value)
            })
            try await AuditRecords.write(db, .bankDirectoryImported, .success, by: AuditActor(actor), client: .commandLine,
                detail: [.field(.banks, counts.banks), .field(.branches, counts.branches)], at: now)
            return counts
        }
    }

    /// `kyoei admin banks list`: every bank in the bank/branch master.
    public func banks() async throws -> [BankSummary] {
        try await database.read { db in try await BankDirectoryRecords.banks(db) }
    }

    /// `kyoei admin banks show`: one bank's branches, or one branch. Codes are read as on the
    /// transfer form (full-width digits allowed) and unknown ones refused with the same
    /// messages, so the counter sees what the customer would.
    public func branches(bankCode rawBank: String, branchCode rawBranch: String?) async throws -> [BankBranchName] {
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
    static func codeKey(_ field: String, _ error: DigitCodeError) -> String {
        "error.\(field).\(error == .empty ? "required" : "invalid")"
    }
}
