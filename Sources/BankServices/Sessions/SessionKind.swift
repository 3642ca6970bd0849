import BankCore
import BankStore
import Foundation
import SQLKit

/// Whose sessions: what differs between a customer's and a staff member's session. Everything
/// else (looking a cookie up, the idle and absolute limits, recording the view, ending and
/// auditing a session that ran out, logout, the sweep) is `SessionService`, written once.
public protocol SessionKind: Sendable {
    associatedtype Stored: StoredSession
    /// The holder's row as the store keeps it (it carries the password hash: never handed out).
    associatedtype Holder: Sendable
    /// The holder as the web sees them.
    associatedtype View: Sendable & Equatable

    static func policy(_ settings: BankSettings) -> SessionPolicy
    /// The holder of a session, or nil when they may no longer use it (closed, disabled).
    static func holder(_ db: any SQLDatabase, of session: Stored) async throws -> Holder?
    /// The session behind `tokenHash` with `holder(_:of:)`'s answer, in as few statements as
    /// the kind can (every request of a signed-in page asks).
    static func lookUp(_ db: any SQLDatabase, tokenHash: String) async throws -> (session: Stored, holder: Holder?)?
    static func view(_ holder: Holder) -> View
    /// Audits a session that ran out (idle or absolute), once it is ended.
    static func auditTimeout(_ db: any SQLDatabase, _ session: Stored, _ state: SessionPolicy.State, at now: Date) async throws
    /// What a logout does besides ending the session (its audit row, what dies with the session).
    static func loggedOut(_ db: any SQLDatabase, _ session: Stored, client: ClientInfo, at now: Date) async throws
    /// Housekeeping the minutely sweep does besides ending sessions.
    static func afterSweep(_ db: any SQLDatabase, at now: Date) async throws
}

extension SessionKind {
    public static func afterSweep(_ db: any SQLDatabase, at now: Date) async throws {}

    /// The session, then its holder: two statements.
    public static func lookUp(_ db: any SQLDatabase, tokenHash: String) async throws -> (session: Stored, holder: Holder?)? {
        guard let session = try await SessionStore<Stored>.find(db, tokenHash: tokenHash) else { return nil }
        return (session, try await holder(db, of: session))
    }
}

/// The session cookie's value: 64 hex digits. Anything else is not a cookie this bank handed
/// out, and is answered without a database look-up.
enum SessionCookie {
    static func isWellFormed(_ value: String) -> Bool {
        value.utf8.count == 64 && value.allSatisfy(\.isHexDigit)
    }
}
