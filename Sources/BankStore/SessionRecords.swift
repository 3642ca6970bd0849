import BankCore
import Foundation
import SQLKit

public enum SessionStage: String, Sendable, Codable {
    /// Password accepted; the one-time password step is still owed.
    case otpPending = "otp_pending"
    case authenticated
}

public struct SessionRecord: Sendable, Equatable {
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

/// Server-side sessions keyed by the SHA-256 of the cookie value (Store+Sessions).
public enum SessionRecords {
    static let columns = "token_hash, customer_id, stage, csrf_token, factors_presented, ip, user_agent, created_at, last_seen_at"

    public static func insert(_ db: any SQLDatabase, _ session: SessionRecord) async throws {
        try await db.raw("""
            INSERT INTO sessions (\(unsafeRaw: columns))
            VALUES (\(bind: session.tokenHash), \(bind: session.customerID), \(bind: session.stage.rawValue),
                    \(bind: session.csrfToken), \(bind: FactorRecord.encode(session.factorsPresented)),
                    \(bind: session.ip), \(bind: session.userAgent), \(bind: session.createdAt.millis),
                    \(bind: session.lastSeenAt.millis))
            """).run()
    }

    public static func find(_ db: any SQLDatabase, tokenHash: String) async throws -> SessionRecord? {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM sessions WHERE token_hash = \(bind: tokenHash)").first().map(decode)
    }

    public static func touch(_ db: any SQLDatabase, tokenHash: String, at now: Date) async throws {
        try await db.raw("UPDATE sessions SET last_seen_at = \(bind: now.millis) WHERE token_hash = \(bind: tokenHash)").run()
    }

    /// Records that the session's customer presented one more factor (利用開始 proves the token).
    public static func addFactor(_ db: any SQLDatabase, tokenHash: String, _ credential: Credential) async throws {
        guard let session = try await find(db, tokenHash: tokenHash), !session.factorsPresented.contains(credential) else { return }
        try await db.raw("""
            UPDATE sessions SET factors_presented = \(bind: FactorRecord.encode(session.factorsPresented + [credential]))
            WHERE token_hash = \(bind: tokenHash)
            """).run()
    }

    /// Returns whether a row was deleted (false when another request ended it first).
    @discardableResult
    public static func delete(_ db: any SQLDatabase, tokenHash: String) async throws -> Bool {
        try await db.raw("DELETE FROM sessions WHERE token_hash = \(bind: tokenHash) RETURNING token_hash").first() != nil
    }

    public static func deleteAll(_ db: any SQLDatabase, customerID: Int64) async throws {
        try await db.raw("DELETE FROM sessions WHERE customer_id = \(bind: customerID)").run()
    }

    /// Sessions idle since before `idleCutoff` or created before `absoluteCutoff`.
    public static func expired(_ db: any SQLDatabase, idleCutoff: Date, absoluteCutoff: Date, limit: Int = 500) async throws -> [SessionRecord] {
        try await db.raw("""
            SELECT \(unsafeRaw: columns) FROM sessions
            WHERE last_seen_at <= \(bind: idleCutoff.millis) OR created_at <= \(bind: absoluteCutoff.millis)
            LIMIT \(bind: limit)
            """).all().map(decode)
    }

    public static func count(_ db: any SQLDatabase) async throws -> Int {
        try await db.raw("SELECT COUNT(*) AS n FROM sessions").first()!.decode(column: "n", as: Int.self)
    }

    static func decode(_ row: any SQLRow) throws -> SessionRecord {
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
