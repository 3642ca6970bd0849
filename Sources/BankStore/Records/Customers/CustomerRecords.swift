import BankCore
import Foundation
import SQLKit

public struct CustomerRecord: Sendable, Equatable, Codable {
    public var id: Int64
    public var loginID: String
    public var nameKanji: String
    public var nameKana: String
    public var pcEmail: String
    public var mobileEmail: String?
    public var loginPasswordHash: String
    public var confirmationPasswordHash: String
    public var status: CustomerStatus
    public var createdAt: Date
    public var lastLoginAt: Date?
    /// The login before the latest one: what the menu shows as 前回ログイン日時.
    public var previousLoginAt: Date?
}

public struct NewCustomer: Sendable {
    public var loginID: String
    public var nameKanji: String
    public var nameKana: KanaName
    public var pcEmail: MailAddress
    public var mobileEmail: MailAddress?
    public var loginPasswordHash: String
    public var confirmationPasswordHash: String

    public init(loginID: String, nameKanji: String, nameKana: KanaName, pcEmail: MailAddress, mobileEmail: MailAddress?,
                loginPasswordHash: String, confirmationPasswordHash: String) {
        self.loginID = loginID; self.nameKanji = nameKanji; self.nameKana = nameKana; self.pcEmail = pcEmail
        self.mobileEmail = mobileEmail; self.loginPasswordHash = loginPasswordHash
        self.confirmationPasswordHash = confirmationPasswordHash
    }
}

public enum StoreError: Error, Equatable, Sendable {
    case duplicateLoginID
    case notFound
    case insufficientFunds(accountID: Int64)
    case accountNumberSpaceExhausted
}

/// The customers table (Store+Customers).
public enum CustomerRecords {
    static let columns = """
        id, login_id, name_kanji, name_kana, pc_email, mobile_email, login_password_hash,
        confirmation_password_hash, status, created_at, last_login_at, previous_login_at
        """

    public static func insert(_ db: any SQLDatabase, _ new: NewCustomer, at now: Date) async throws -> Int64 {
        if try await find(db, loginID: new.loginID) != nil { throw StoreError.duplicateLoginID }
        let row = try await db.raw("""
            INSERT INTO customers (login_id, name_kanji, name_kana, pc_email, mobile_email, login_password_hash,
                                   confirmation_password_hash, created_at)
            VALUES (\(bind: new.loginID), \(bind: new.nameKanji), \(bind: new.nameKana.value), \(bind: new.pcEmail.value),
                    \(bind: new.mobileEmail?.value), \(bind: new.loginPasswordHash), \(bind: new.confirmationPasswordHash),
                    \(bind: now.millis))
            RETURNING id
            """).first()
        return try row!.decode(column: "id", as: Int64.self)
    }

    public static func find(_ db: any SQLDatabase, loginID: String) async throws -> CustomerRecord? {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM customers WHERE login_id = \(bind: loginID)")
            .first().map(decode)
    }

    public static func find(_ db: any SQLDatabase, id: Int64) async throws -> CustomerRecord? {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM customers WHERE id = \(bind: id)").first().map(decode)
    }

    public static func list(_ db: any SQLDatabase, limit: Int = 1000) async throws -> [CustomerRecord] {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM customers ORDER BY id LIMIT \(bind: limit)").all().map(decode)
    }

    /// Locks the customer's row until the transaction ends (a no-op update, which both
    /// engines understand), so that changes of security settings for one customer take turns:
    /// the one-extra-factor rule cannot be raced past.
    public static func lockForChange(_ db: any SQLDatabase, customerID: Int64) async throws {
        try await db.raw(lockForChangeStatement(customerID: customerID)).run()
    }

    /// The lock as a statement, also the first part of the code check's (`OTPCodeCheckRecords.take`).
    static func lockForChangeStatement(customerID: Int64) -> SQLQueryString {
        "UPDATE customers SET status = status WHERE id = \(bind: customerID) RETURNING id"
    }

    public static func updateMobileEmail(_ db: any SQLDatabase, customerID: Int64, address: String) async throws {
        try await db.raw("UPDATE customers SET mobile_email = \(bind: address) WHERE id = \(bind: customerID)").run()
    }

    public static func recordLogin(_ db: any SQLDatabase, customerID: Int64, at now: Date) async throws {
        try await db.raw(recordLoginStatement(customerID: customerID, at: now)).run()
    }

    /// The login's time as a statement, also a part of the login's (`SessionRecords.replaceOnLogin`),
    /// with `condition` ANDed.
    static func recordLoginStatement(customerID: Int64, at now: Date, and condition: String = "") -> SQLQueryString {
        """
            UPDATE customers SET previous_login_at = last_login_at, last_login_at = \(bind: now.millis)
            WHERE id = \(bind: customerID) \(unsafeRaw: condition.isEmpty ? "" : "AND \(condition)")
            """
    }

    public static func updatePasswordHash(_ db: any SQLDatabase, customerID: Int64, credential: Credential, hash: String) async throws {
        let column = credential == .loginPassword ? "login_password_hash" : "confirmation_password_hash"
        try await db.raw("UPDATE customers SET \(ident: column) = \(bind: hash) WHERE id = \(bind: customerID)").run()
    }

    static func decode(_ row: any SQLRow) throws -> CustomerRecord { try decode(row, prefix: "") }

    /// A customer row whose columns were read through `JoinedColumns.aliased` with that prefix (`prefix` "": as named).
    static func decode(_ row: any SQLRow, prefix: String) throws -> CustomerRecord {
        func column(_ name: String) -> String { prefix.isEmpty ? name : prefix + name }
        return CustomerRecord(
            id: try row.decode(column: column("id"), as: Int64.self),
            loginID: try row.decode(column: column("login_id"), as: String.self),
            nameKanji: try row.decode(column: column("name_kanji"), as: String.self),
            nameKana: try row.decode(column: column("name_kana"), as: String.self),
            pcEmail: try row.decode(column: column("pc_email"), as: String.self),
            mobileEmail: try row.decode(column: column("mobile_email"), as: String?.self),
            loginPasswordHash: try row.decode(column: column("login_password_hash"), as: String.self),
            confirmationPasswordHash: try row.decode(column: column("confirmation_password_hash"), as: String.self),
            status: CustomerStatus(rawValue: try row.decode(column: column("status"), as: String.self)),
            createdAt: Date(millis: try row.decode(column: column("created_at"), as: Int64.self)),
            lastLoginAt: try row.decode(column: column("last_login_at"), as: Int64?.self).map(Date.init(millis:)),
            previousLoginAt: try row.decode(column: column("previous_login_at"), as: Int64?.self).map(Date.init(millis:)))
    }
}
