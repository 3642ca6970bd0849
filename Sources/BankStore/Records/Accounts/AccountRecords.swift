import BankCore
import Foundation
import SQLKit

public struct AccountRecord: Sendable, Equatable, Codable {
    public var id: Int64
    public var customerID: Int64?
    public var internalCode: String?
    public var branchCode: String
    public var branchNameJa: String
    public var branchNameEn: String
    public var accountType: AccountType
    public var accountNumber: String
    public var holderName: String
    public var balance: Yen
    public var allowNegative: Bool
    public var openedAt: Date
}

public struct BranchRecord: Sendable, Equatable, Codable {
    public var code: String
    public var nameJa: String
    public var nameEn: String
}

/// Accounts and branches (Store+Accounts).
public enum AccountRecords {
    static let selectedColumns = """
        a.id, a.customer_id, a.internal_code, a.branch_code, b.name_ja AS branch_name_ja,
        b.name_en AS branch_name_en, a.account_type, a.account_number, a.holder_name,
        a.balance, a.allow_negative, a.opened_at
        """
    static let joined = "accounts a JOIN branches b ON b.code = a.branch_code"
    static let select = "SELECT \(selectedColumns) FROM \(joined)"

    /// Customer account numbers run from 1000001 upwards in each branch; 9xxxxxx is kept
    /// for the bank's own internal accounts.
    static let firstCustomerNumber = 1_000_001
    static let lastCustomerNumber = 8_999_999

    public static func open(_ db: any SQLDatabase, customerID: Int64, branch: BranchCode, type: AccountType,
                            holderName: KanaName, at now: Date) async throws -> AccountRecord {
        guard try await findBranch(db, code: branch.value) != nil else { throw StoreError.notFound }
        // A no-op update locks the branch row (PostgreSQL) so two openings in one branch take
        // turns choosing the next number; SQLite's writer lock already serialises them.
        try await db.raw("UPDATE branches SET code = code WHERE code = \(bind: branch.value)").run()
        let row = try await db.raw("""
            SELECT MAX(account_number) AS n FROM accounts
            WHERE branch_code = \(bind: branch.value) AND internal_code IS NULL
            """).first()
        let last = try row?.decode(column: "n", as: String?.self).flatMap { Int($0) } ?? (firstCustomerNumber - 1)
        let next = last + 1
        guard next <= lastCustomerNumber else { throw StoreError.accountNumberSpaceExhausted }
        let idRow = try await db.raw("""
            INSERT INTO accounts (customer_id, branch_code, account_type, account_number, holder_name, opened_at)
            VALUES (\(bind: customerID), \(bind: branch.value), \(bind: type.rawValue),
                    \(bind: AccountNumber(sequence: next).value), \(bind: holderName.value), \(bind: now.millis))
            RETURNING id
            """).first()!
        return try await find(db, id: try idRow.decode(column: "id", as: Int64.self))!
    }

    public static func find(_ db: any SQLDatabase, id: Int64) async throws -> AccountRecord? {
        try await db.raw("\(unsafeRaw: select) WHERE a.id = \(bind: id)").first().map(decode)
    }

    public static func find(_ db: any SQLDatabase, branch: String, number: String) async throws -> AccountRecord? {
        try await db.raw("\(unsafeRaw: select) WHERE a.branch_code = \(bind: branch) AND a.account_number = \(bind: number)")
            .first().map(decode)
    }

    /// The accounts a posting touches, in one statement: those named by id and the bank's own
    /// accounts named by code (the clearing account, fee income).
    public static func find(_ db: any SQLDatabase, ids: [Int64], internalCodes: [String]) async throws -> [AccountRecord] {
        try await db.raw("\(unsafeRaw: select) \(filter(ids: ids, internalCodes: internalCodes))").all().map(decode)
    }

    /// `find(ids:internalCodes:)`'s condition, also 実行's (`TransferExecutionRecords.postingFacts`).
    static func filter(ids: [Int64], internalCodes: [String]) -> SQLQueryString {
        var query = SQLQueryString("WHERE a.id IN (")
        query.appendInterpolation(binds: (ids.isEmpty ? [0] : ids).map { $0 as any Encodable & Sendable })
        query.appendInterpolation(unsafeRaw: ") OR a.internal_code IN (")
        query.appendInterpolation(binds: (internalCodes.isEmpty ? [""] : internalCodes).map { $0 as any Encodable & Sendable })
        query.appendInterpolation(unsafeRaw: ")")
        return query
    }

    public static func internalAccount(_ db: any SQLDatabase, code: String) async throws -> AccountRecord? {
        try await db.raw("\(unsafeRaw: select) WHERE a.internal_code = \(bind: code)").first().map(decode)
    }

    public static func forCustomer(_ db: any SQLDatabase, customerID: Int64) async throws -> [AccountRecord] {
        try await db.raw("\(unsafeRaw: select) WHERE a.customer_id = \(bind: customerID) ORDER BY a.branch_code, a.account_number")
            .all().map(decode)
    }

    public static func all(_ db: any SQLDatabase) async throws -> [AccountRecord] {
        try await db.raw("\(unsafeRaw: select) ORDER BY a.id").all().map(decode)
    }

    public static func findBranch(_ db: any SQLDatabase, code: String) async throws -> BranchRecord? {
        try await db.raw("SELECT code, name_ja, name_en FROM branches WHERE code = \(bind: code)").first().map(decodeBranch)
    }

    public static func branches(_ db: any SQLDatabase) async throws -> [BranchRecord] {
        try await db.raw("SELECT code, name_ja, name_en FROM branches ORDER BY code").all().map(decodeBranch)
    }

    static func decodeBranch(_ row: any SQLRow) throws -> BranchRecord {
        BranchRecord(code: try row.decode(column: "code", as: String.self),
                     nameJa: try row.decode(column: "name_ja", as: String.self),
                     nameEn: try row.decode(column: "name_en", as: String.self))
    }

    static func decode(_ row: any SQLRow) throws -> AccountRecord {
        AccountRecord(
            id: try row.decode(column: "id", as: Int64.self),
            customerID: try row.decode(column: "customer_id", as: Int64?.self),
            internalCode: try row.decode(column: "internal_code", as: String?.self),
            branchCode: try row.decode(column: "branch_code", as: String.self),
            branchNameJa: try row.decode(column: "branch_name_ja", as: String.self),
            branchNameEn: try row.decode(column: "branch_name_en", as: String.self),
            accountType: AccountType(rawValue: try row.decode(column: "account_type", as: String.self)) ?? .ordinary,
            accountNumber: try row.decode(column: "account_number", as: String.self),
            holderName: try row.decode(column: "holder_name", as: String.self),
            balance: Yen(try row.decode(column: "balance", as: Int64.self)),
            allowNegative: try row.decode(column: "allow_negative", as: Int.self) != 0,
            openedAt: Date(millis: try row.decode(column: "opened_at", as: Int64.self)))
    }
}
