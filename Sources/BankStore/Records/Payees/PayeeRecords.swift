import BankCore
import Foundation
import SQLKit

public struct PayeeRecord: Sendable, Equatable, Codable {
    public var id: Int64
    public var customerID: Int64
    public var kind: PayeeKind
    public var bankCode: String
    public var branchCode: String
    public var accountType: AccountType
    public var accountNumber: String
    public var holderName: String
    public var createdAt: Date
    public var createdBy: String
    public var deletedAt: Date?

    /// The destination as one string, to bind a mail password to it (PayeeInput.key's form).
    public var destinationKey: String { "\(bankCode)-\(branchCode)-\(accountType.zenginCode)-\(accountNumber)" }
}

public struct NewPayee: Sendable, Equatable {
    public var kind: PayeeKind
    public var bankCode: String
    public var branchCode: String
    public var accountType: AccountType
    public var accountNumber: String
    public var holderName: String

    public init(kind: PayeeKind, bankCode: String, branchCode: String, accountType: AccountType, accountNumber: String,
                holderName: String) {
        self.kind = kind; self.bankCode = bankCode; self.branchCode = branchCode; self.accountType = accountType
        self.accountNumber = accountNumber; self.holderName = holderName
    }
}

/// Payees (Store+Payees). Deleting marks the row; transfers keep pointing at it.
public enum PayeeRecords {
    static let columns = """
        id, customer_id, kind, bank_code, branch_code, account_type, account_number, holder_name, created_at, created_by, deleted_at
        """

    /// Adds a payee; returns nil when the customer already has this account in that list
    /// (also when two requests add it at the same moment: the partial unique index decides).
    public static func insert(_ db: any SQLDatabase, customerID: Int64, _ payee: NewPayee, createdBy: String,
                              at now: Date) async throws -> PayeeRecord? {
        guard let row = try await db.raw("""
            INSERT INTO payees (customer_id, kind, bank_code, branch_code, account_type, account_number, holder_name, created_at, created_by)
            VALUES (\(bind: customerID), \(bind: payee.kind.rawValue), \(bind: payee.bankCode), \(bind: payee.branchCode),
                    \(bind: payee.accountType.rawValue), \(bind: payee.accountNumber), \(bind: payee.holderName),
                    \(bind: now.millis), \(bind: createdBy))
            ON CONFLICT (customer_id, kind, bank_code, branch_code, account_type, account_number) WHERE deleted_at IS NULL
            DO NOTHING
            RETURNING id
            """).first() else { return nil }
        return try await find(db, id: try row.decode(column: "id", as: Int64.self))
    }

    public static func find(_ db: any SQLDatabase, id: Int64) async throws -> PayeeRecord? {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM payees WHERE id = \(bind: id)").first().map(decode)
    }

    /// The customer's live payees of one kind, in the order they were added.
    public static func list(_ db: any SQLDatabase, customerID: Int64, kind: PayeeKind) async throws -> [PayeeRecord] {
        try await db.raw("""
            SELECT \(unsafeRaw: columns) FROM payees
            WHERE customer_id = \(bind: customerID) AND kind = \(bind: kind.rawValue) AND deleted_at IS NULL ORDER BY id
            """).all().map(decode)
    }

    /// Marks a live payee of the customer deleted; false when there is none (or it is not theirs).
    public static func delete(_ db: any SQLDatabase, id: Int64, customerID: Int64, kind: PayeeKind, at now: Date) async throws -> Bool {
        try await db.raw("""
            UPDATE payees SET deleted_at = \(bind: now.millis)
            WHERE id = \(bind: id) AND customer_id = \(bind: customerID) AND kind = \(bind: kind.rawValue) AND deleted_at IS NULL
            RETURNING id
            """).first() != nil
    }

    static func decode(_ row: any SQLRow) throws -> PayeeRecord {
        PayeeRecord(
            id: try row.decode(column: "id", as: Int64.self),
            customerID: try row.decode(column: "customer_id", as: Int64.self),
            kind: PayeeKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .customer,
            bankCode: try row.decode(column: "bank_code", as: String.self),
            branchCode: try row.decode(column: "branch_code", as: String.self),
            accountType: AccountType(rawValue: try row.decode(column: "account_type", as: String.self)) ?? .ordinary,
            accountNumber: try row.decode(column: "account_number", as: String.self),
            holderName: try row.decode(column: "holder_name", as: String.self),
            createdAt: Date(millis: try row.decode(column: "created_at", as: Int64.self)),
            createdBy: try row.decode(column: "created_by", as: String.self),
            deletedAt: try row.decode(column: "deleted_at", as: Int64?.self).map(Date.init(millis:)))
    }
}
