import BankCore
import Foundation
import SQLKit

public struct SessionRecord: StoredSession {
    public var tokenHash: String
    public var customerID: Int64
    public var stage: SessionStage
    public var csrfToken: String
    public var factorsPresented: [Credential]
    public var ip: String
    public var userAgent: String
    public var createdAt: Date
    public var lastSeenAt: Date

    public init(tokenHash: String, customerID: Int64, stage: SessionStage, csrfToken: String, factorsPresented: [Credential],
                ip: String, userAgent: String, createdAt: Date, lastSeenAt: Date) {
        self.tokenHash = tokenHash; self.customerID = customerID; self.stage = stage; self.csrfToken = csrfToken
        self.factorsPresented = factorsPresented; self.ip = ip; self.userAgent = userAgent
        self.createdAt = createdAt; self.lastSeenAt = lastSeenAt
    }
}

/// The customers' sessions (`sessions`); the table's own operations besides `SessionStore`'s.
public typealias SessionRecords = SessionStore<SessionRecord>

extension SessionRecord {
    public static let table = "sessions"
    public static let columns = "token_hash, customer_id, stage, csrf_token, factors_presented, ip, user_agent, created_at, last_seen_at"

    public var holderID: Int64 { customerID }
    public var isAuthenticated: Bool { stage == .authenticated }

    public func insert(_ db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO sessions (\(unsafeRaw: Self.columns))
            VALUES (\(bind: tokenHash), \(bind: customerID), \(bind: stage.rawValue),
                    \(bind: csrfToken), \(bind: FactorRecord.encode(factorsPresented)),
                    \(bind: ip), \(bind: userAgent), \(bind: createdAt.millis),
                    \(bind: lastSeenAt.millis))
            """).run()
    }

    public static func decode(_ row: any SQLRow) throws -> SessionRecord {
        SessionRecord(
            tokenHash: try row.decode(column: "token_hash", as: String.self),
            customerID: try row.decode(column: "customer_id", as: Int64.self),
            stage: SessionStage(rawValue: try row.decode(column: "stage", as: String.self)) ?? .otpPending,
            csrfToken: try row.decode(column: "csrf_token", as: String.self),
            factorsPresented: FactorRecord.decode(try row.decode(column: "factors_presented", as: String.self)),
            ip: try row.decode(column: "ip", as: String.self),
            userAgent: try row.decode(column: "user_agent", as: String.self),
            createdAt: Date(millis: try row.decode(column: "created_at", as: Int64.self)),
            lastSeenAt: Date(millis: try row.decode(column: "last_seen_at", as: Int64.self)))
    }
}

extension SessionStore where Session == SessionRecord {
    /// Records that the session's customer presented one more factor (利用開始 proves the token).
    public static func addFactor(_ db: any SQLDatabase, tokenHash: String, _ credential: Credential) async throws {
        guard let session = try await find(db, tokenHash: tokenHash), !session.factorsPresented.contains(credential) else { return }
        try await db.raw("""
            UPDATE sessions SET factors_presented = \(bind: FactorRecord.encode(session.factorsPresented + [credential]))
            WHERE token_hash = \(bind: tokenHash)
            """).run()
    }

    /// Replaces the customer's session behind `tokenHash` by `replacement` (a new key, stage,
    /// CSRF token…): what deleting the one and inserting the other does, in one statement.
    /// False when no such session is left (another request replaced or ended it first).
    public static func replace(_ db: any SQLDatabase, tokenHash: String, with replacement: SessionRecord) async throws -> Bool {
        try await db.raw(replaceStatement(tokenHash: tokenHash, with: replacement)).first() != nil
    }

    /// The replacement as a statement, also a part of the login's (`SessionRecords.replaceOnLogin`).
    static func replaceStatement(tokenHash: String, with replacement: SessionRecord) -> SQLQueryString {
        """
            UPDATE sessions
               SET token_hash = \(bind: replacement.tokenHash), stage = \(bind: replacement.stage.rawValue),
                   csrf_token = \(bind: replacement.csrfToken),
                   factors_presented = \(bind: FactorRecord.encode(replacement.factorsPresented)),
                   ip = \(bind: replacement.ip), user_agent = \(bind: replacement.userAgent),
                   created_at = \(bind: replacement.createdAt.millis), last_seen_at = \(bind: replacement.lastSeenAt.millis)
             WHERE token_hash = \(bind: tokenHash) AND customer_id = \(bind: replacement.customerID)
            RETURNING token_hash
            """
    }

    public static func deleteAll(_ db: any SQLDatabase, customerID: Int64) async throws {
        try await db.raw("DELETE FROM sessions WHERE customer_id = \(bind: customerID)").run()
    }

    /// Ends every session of the customer but the one asking (after a password change);
    /// answers how many ended.
    public static func deleteOthers(_ db: any SQLDatabase, customerID: Int64, keeping tokenHash: String) async throws -> Int {
        let rows = try await db.raw("""
            DELETE FROM sessions WHERE customer_id = \(bind: customerID) AND token_hash <> \(bind: tokenHash)
            RETURNING token_hash
            """).all()
        return rows.count
    }
}
