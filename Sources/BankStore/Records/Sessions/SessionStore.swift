import BankCore
import Foundation
import SQLKit

/// A row of a session table. Customers (`sessions`) and staff (`staff_sessions`) keep their
/// sessions in tables of their own, so a cookie of one is never looked up among the other's;
/// everything but the columns is the same, and lives once in `SessionStore`.
public protocol StoredSession: Sendable, Equatable {
    /// How far the login has come (the tables name their stages differently).
    associatedtype Stage: Sendable & Equatable
    static var table: String { get }
    static var columns: String { get }
    static func decode(_ row: any SQLRow) throws -> Self
    /// The row's INSERT (the columns differ).
    func insert(_ db: any SQLDatabase) async throws

    var tokenHash: String { get }
    /// The customer's or the staff row's id.
    var holderID: Int64 { get }
    /// Whether every login step was taken (the second factor too).
    var isAuthenticated: Bool { get }
    var stage: Stage { get }
    var csrfToken: String { get }
    /// The factors presented during the session (customers; a staff session's stage tells).
    var factorsPresented: [Credential] { get }
    var ip: String { get }
    var userAgent: String { get }
    var createdAt: Date { get }
    var lastSeenAt: Date { get set }
}

/// Server-side sessions keyed by the SHA-256 of the cookie value, of either table.
public enum SessionStore<Session: StoredSession> {
    public static func insert(_ db: any SQLDatabase, _ session: Session) async throws {
        try await session.insert(db)
    }

    public static func find(_ db: any SQLDatabase, tokenHash: String) async throws -> Session? {
        try await db.raw("""
            SELECT \(unsafeRaw: Session.columns) FROM \(unsafeRaw: Session.table) WHERE token_hash = \(bind: tokenHash)
            """).first().map(Session.decode)
    }

    /// Records a view of the session now (its idle clock restarts). False when the row is gone
    /// (a logout, a new login or the sweep got there first).
    @discardableResult
    public static func touch(_ db: any SQLDatabase, tokenHash: String, at now: Date) async throws -> Bool {
        try await db.raw("""
            UPDATE \(unsafeRaw: Session.table) SET last_seen_at = \(bind: now.millis) WHERE token_hash = \(bind: tokenHash)
            RETURNING token_hash
            """).first() != nil
    }

    /// The sizes a batch of `touch(_:tokenHashes:at:)` is padded to: each size is one
    /// statement text, prepared once per connection on PostgreSQL, so a few sizes serve every
    /// batch instead of one text per count.
    public static var touchBatchSizes: [Int] { [1, 4, 16, 64, 256] }

    /// Records a view of each session of `tokenHashes` now, in one statement (`SessionTouches`
    /// batches page views; at most the largest of `touchBatchSizes`). Returns the token hashes
    /// whose rows were still there.
    public static func touch(_ db: any SQLDatabase, tokenHashes: [String], at now: Date) async throws -> Set<String> {
        guard let first = tokenHashes.first else { return [] }
        guard let size = touchBatchSizes.first(where: { $0 >= tokenHashes.count }) else {
            preconditionFailure("\(tokenHashes.count) sessions are more than one statement records")
        }
        let padded = tokenHashes + Array(repeating: first, count: size - tokenHashes.count)
        let rows = try await db.raw("""
            UPDATE \(unsafeRaw: Session.table) SET last_seen_at = \(bind: now.millis)
            WHERE token_hash IN (\(binds: padded)) RETURNING token_hash
            """).all()
        return Set(try rows.map { try $0.decode(column: "token_hash", as: String.self) })
    }

    /// Returns whether a row was deleted (false when another request ended it first).
    @discardableResult
    public static func delete(_ db: any SQLDatabase, tokenHash: String) async throws -> Bool {
        try await db.raw("""
            DELETE FROM \(unsafeRaw: Session.table) WHERE token_hash = \(bind: tokenHash) RETURNING token_hash
            """).first() != nil
    }

    /// Sessions idle since before `idleCutoff` or created before `absoluteCutoff`.
    public static func expired(_ db: any SQLDatabase, idleCutoff: Date, absoluteCutoff: Date,
                               limit: Int = 500) async throws -> [Session] {
        try await db.raw("""
            SELECT \(unsafeRaw: Session.columns) FROM \(unsafeRaw: Session.table)
            WHERE last_seen_at <= \(bind: idleCutoff.millis) OR created_at <= \(bind: absoluteCutoff.millis)
            LIMIT \(bind: limit)
            """).all().map(Session.decode)
    }

    public static func count(_ db: any SQLDatabase) async throws -> Int {
        try await db.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: Session.table)").first()!.decode(column: "n", as: Int.self)
    }
}
