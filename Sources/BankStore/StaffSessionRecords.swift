import BankCore
import Foundation
import SQLKit

public enum StaffSessionStage: String, Sendable, Codable {
    /// Password accepted; the TOTP code is still owed. No back-office page opens.
    case password
    case authenticated
}

/// A back-office session, keyed like a customer's by the SHA-256 of its cookie value.
public struct StaffSessionRecord: Sendable, Equatable {
    public var tokenHash: String
    /// The staff row's id (`staff.id`, not the 職員ID).
    public var staffRowID: Int64
    public var stage: StaffSessionStage
    public var csrfToken: String
    public var createdAt: Date
    public var lastSeenAt: Date
    public var ip: String
    public var userAgent: String

    public init(tokenHash: String, staffRowID: Int64, stage: StaffSessionStage, csrfToken: String, createdAt: Date,
                lastSeenAt: Date, ip: String, userAgent: String) {
        self.tokenHash = tokenHash; self.staffRowID = staffRowID; self.stage = stage; self.csrfToken = csrfToken
        self.createdAt = createdAt; self.lastSeenAt = lastSeenAt; self.ip = ip; self.userAgent = userAgent
    }
}

/// Staff sessions (Store+StaffSessions), a table of their own: a customer's cookie value
/// is never looked up here, nor a staff cookie among customers' sessions.
public enum StaffSessionRecords {
    static let columns = "token_hash, staff_id, stage, csrf_token, created_at, last_seen_at, ip, user_agent"

    public static func insert(_ db: any SQLDatabase, _ session: StaffSessionRecord) async throws {
        try await db.raw("""
            INSERT INTO staff_sessions (\(unsafeRaw: columns))
            VALUES (\(bind: session.tokenHash), \(bind: session.staffRowID), \(bind: session.stage.rawValue),
                    \(bind: session.csrfToken), \(bind: session.createdAt.millis), \(bind: session.lastSeenAt.millis),
                    \(bind: String(session.ip.prefix(64))), \(bind: String(session.userAgent.prefix(512))))
            """).run()
    }

    public static func find(_ db: any SQLDatabase, tokenHash: String) async throws -> StaffSessionRecord? {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM staff_sessions WHERE token_hash = \(bind: tokenHash)")
            .first().map(decode)
    }

    public static func touch(_ db: any SQLDatabase, tokenHash: String, at now: Date) async throws {
        try await db.raw("UPDATE staff_sessions SET last_seen_at = \(bind: now.millis) WHERE token_hash = \(bind: tokenHash)").run()
    }

    /// Returns whether a row was deleted (false when another request ended it first).
    @discardableResult
    public static func delete(_ db: any SQLDatabase, tokenHash: String) async throws -> Bool {
        try await db.raw("DELETE FROM staff_sessions WHERE token_hash = \(bind: tokenHash) RETURNING token_hash").first() != nil
    }

    /// Ends every session of one member of staff (disabled); returns how many.
    @discardableResult
    public static func deleteAll(_ db: any SQLDatabase, staffRowID: Int64) async throws -> Int {
        try await db.raw("DELETE FROM staff_sessions WHERE staff_id = \(bind: staffRowID) RETURNING token_hash").all().count
    }

    /// Ends the logins of one member of staff still waiting for their code (at a lock).
    public static func deleteWaiting(_ db: any SQLDatabase, staffRowID: Int64) async throws {
        try await db.raw("DELETE FROM staff_sessions WHERE staff_id = \(bind: staffRowID) AND stage = 'password'").run()
    }

    /// Sessions idle since before `idleCutoff` or created before `absoluteCutoff`.
    public static func expired(_ db: any SQLDatabase, idleCutoff: Date, absoluteCutoff: Date,
                               limit: Int = 500) async throws -> [StaffSessionRecord] {
        try await db.raw("""
            SELECT \(unsafeRaw: columns) FROM staff_sessions
            WHERE last_seen_at <= \(bind: idleCutoff.millis) OR created_at <= \(bind: absoluteCutoff.millis)
            LIMIT \(bind: limit)
            """).all().map(decode)
    }

    public static func count(_ db: any SQLDatabase) async throws -> Int {
        try await db.raw("SELECT COUNT(*) AS n FROM staff_sessions").first()!.decode(column: "n", as: Int.self)
    }

    static func decode(_ row: any SQLRow) throws -> StaffSessionRecord {
        StaffSessionRecord(
            tokenHash: try row.decode(column: "token_hash", as: String.self),
            staffRowID: try row.decode(column: "staff_id", as: Int64.self),
            // An unknown stage opens nothing.
            stage: StaffSessionStage(rawValue: try row.decode(column: "stage", as: String.self)) ?? .password,
            csrfToken: try row.decode(column: "csrf_token", as: String.self),
            createdAt: Date(millis: try row.decode(column: "created_at", as: Int64.self)),
            lastSeenAt: Date(millis: try row.decode(column: "last_seen_at", as: Int64.self)),
            ip: try row.decode(column: "ip", as: String.self),
            userAgent: try row.decode(column: "user_agent", as: String.self))
    }
}
