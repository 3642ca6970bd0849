import BankCore
import Foundation
import SQLKit

/// A bank and branch from the master table (全銀 bank/branch codes and names).
public struct BankBranchName: Sendable, Equatable, Codable {
    public var bankCode: String
    public var bankName: String
    public var bankNameKana: String
    public var branchCode: String
    public var branchName: String
    public var branchNameKana: String

    public init(bankCode: String, bankName: String, bankNameKana: String, branchCode: String, branchName: String,
                branchNameKana: String) {
        self.bankCode = bankCode; self.bankName = bankName; self.bankNameKana = bankNameKana
        self.branchCode = branchCode; self.branchName = branchName; self.branchNameKana = branchNameKana
    }
}

/// A bank in the master with the number of its branches (`kyoei admin banks list`).
public struct BankSummary: Sendable, Equatable, Codable {
    public var code: String
    public var name: String
    public var nameKana: String
    public var branches: Int
}

/// The bank/branch master (Store+Banks), loaded by `kyoei admin banks import`.
public enum BankDirectoryRecords {
    /// Inserts or updates every entry (an import of a newer master replaces names in place).
    /// Returns how many banks and branches the import named.
    public static func upsert(_ db: any SQLDatabase, _ entries: [BankBranchName]) async throws -> (banks: Int, branches: Int) {
        var banks = Set<String>()
        for entry in entries {
            if banks.insert(entry.bankCode).inserted {
                try await db.raw("""
                    INSERT INTO banks (code, name, name_kana) VALUES (\(bind: entry.bankCode), \(bind: entry.bankName), \(bind: entry.bankNameKana))
                    ON CONFLICT (code) DO UPDATE SET name = excluded.name, name_kana = excluded.name_kana
                    """).run()
            }
            try await db.raw("""
                INSERT INTO bank_branches (bank_code, branch_code, name, name_kana)
                VALUES (\(bind: entry.bankCode), \(bind: entry.branchCode), \(bind: entry.branchName), \(bind: entry.branchNameKana))
                ON CONFLICT (bank_code, branch_code) DO UPDATE SET name = excluded.name, name_kana = excluded.name_kana
                """).run()
        }
        return (banks.count, entries.count)
    }

    public static func find(_ db: any SQLDatabase, bankCode: String, branchCode: String) async throws -> BankBranchName? {
        guard let row = try await db.raw("""
            SELECT b.code, b.name, b.name_kana, r.branch_code, r.name AS branch_name, r.name_kana AS branch_name_kana
            FROM banks b JOIN bank_branches r ON r.bank_code = b.code
            WHERE b.code = \(bind: bankCode) AND r.branch_code = \(bind: branchCode)
            """).first() else { return nil }
        return try decode(row)
    }

    /// Every bank in the master, by code.
    public static func banks(_ db: any SQLDatabase) async throws -> [BankSummary] {
        try await db.raw("""
            SELECT b.code, b.name, b.name_kana, COUNT(r.branch_code) AS branches
            FROM banks b LEFT JOIN bank_branches r ON r.bank_code = b.code
            GROUP BY b.code, b.name, b.name_kana ORDER BY b.code
            """).all().map { row in
            BankSummary(code: try row.decode(column: "code", as: String.self), name: try row.decode(column: "name", as: String.self),
                        nameKana: try row.decode(column: "name_kana", as: String.self),
                        branches: try row.decode(column: "branches", as: Int.self))
        }
    }

    /// Every branch of one bank, by branch code (empty for a bank not in the master).
    public static func branches(_ db: any SQLDatabase, bankCode: String) async throws -> [BankBranchName] {
        try await db.raw("""
            SELECT b.code, b.name, b.name_kana, r.branch_code, r.name AS branch_name, r.name_kana AS branch_name_kana
            FROM banks b JOIN bank_branches r ON r.bank_code = b.code
            WHERE b.code = \(bind: bankCode) ORDER BY r.branch_code
            """).all().map(decode)
    }

    public static func bankExists(_ db: any SQLDatabase, code: String) async throws -> Bool {
        try await db.raw("SELECT code FROM banks WHERE code = \(bind: code)").first() != nil
    }

    public static func counts(_ db: any SQLDatabase) async throws -> (banks: Int, branches: Int) {
        let banks = try await db.raw("SELECT COUNT(*) AS n FROM banks").first()!.decode(column: "n", as: Int.self)
        let branches = try await db.raw("SELECT COUNT(*) AS n FROM bank_branches").first()!.decode(column: "n", as: Int.self)
        return (banks, branches)
    }

    static func decode(_ row: any SQLRow) throws -> BankBranchName {
        BankBranchName(
            bankCode: try row.decode(column: "code", as: String.self), bankName: try row.decode(column: "name", as: String.self),
            bankNameKana: try row.decode(column: "name_kana", as: String.self),
            branchCode: try row.decode(column: "branch_code", as: String.self),
            branchName: try row.decode(column: "branch_name", as: String.self),
            branchNameKana: try row.decode(column: "branch_name_kana", as: String.self))
    }
}
