import BankCore
import Foundation
import SQLKit

/// A back-office session, keyed like a customer's by the SHA-256 of its cookie value.
public struct StaffSessionRecord: StoredSession {
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

/// Staff sessions (`staff_sessions`), a table of their own: a customer's cookie value is
/// never looked up here, nor a staff cookie among customers' sessions.
public typealias StaffSessionRecords = SessionStore<StaffSessionRecord>

extension StaffSessionRecord {
    public static let table = "staff_sessions"
    public static let columns = "token_hash, staff_id, stage, csrf_token, created_at, last_seen_at, ip, user_agent"

    public var holderID: Int64 { staffRowID }
    public var isAuthenticated: Bool { stage == .authenticated }
    public var factorsPresented: [Credential] { [] }

    public func insert(_ db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO staff_sessions (\(unsafeRaw: Self.columns))
            VALUES (\(bind: tokenHash), \(bind: staffRowID), \(bind: stage.rawValue),
                    \(bind: csrfToken), \(bind: createdAt.millis), \(bind: lastSeenAt.millis),
                    \(bind: String(ip.prefix(64))), \(bind: String(userAgent.prefix(512))))
            """).run()
    }

    public static func decode(_ row: any SQLRow) throws -> StaffSessionRecord {
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

extension SessionStore where Session == StaffSessionRecord {
    /// Ends every session of one member of staff (disabled); returns how many.
    @discardableResult
    public static func deleteAll(_ db: any SQLDatabase, staffRowID: Int64) async throws -> Int {
        try await db.raw("DELETE FROM staff_sessions WHERE staff_id = \(bind: staffRowID) RETURNING token_hash").all().count
    }

    /// Ends the logins of one member of staff still waiting for their code (at a lock).
    public static func deleteWaiting(_ db: any SQLDatabase, staffRowID: Int64) async throws {
        try await db.raw("DELETE FROM staff_sessions WHERE staff_id = \(bind: staffRowID) AND stage = 'password'").run()
    }
}
