import BankCore
import Foundation
import SQLKit

/// Whose failure counter a check of a slow password (Argon2id) belongs to.
public enum AttemptCounter: Sendable, Equatable {
    case customer(Int64, Credential)
    /// Staff have one counter for password and code.
    case staff(Int64)

    var subject: String {
        switch self {
        case .customer(let id, let credential): "customer:\(id):\(credential.rawValue)"
        case .staff(let id): "staff:\(id)"
        }
    }
}

/// One check in flight: it holds one of the `limit` places until it is settled (right or
/// wrong) or, if its process died, until it expires.
public struct AttemptReservation: Sendable, Equatable {
    public let id: Int64
    public let counter: AttemptCounter
}

/// What a claim found.
public enum AttemptClaim: Sendable, Equatable {
    /// The password may be checked; settle the reservation afterwards.
    case claimed(AttemptReservation)
    /// Locked by wrong passwords before this attempt arrived: not checked.
    case locked
    /// Every place is held by failures and checks in flight: checking this one too could
    /// let more than `limit` wrong passwords be tried. Wait for those checks to settle.
    case full
}

/// Reservations of slow password checks, apart from the failure count.
///
/// The rule they keep: failures + checks in flight never exceed the limit, so however many
/// requests arrive at once, at most `limit` wrong passwords are ever checked — and a right
/// password is never counted or refused because other requests were in flight. Every call
/// runs in the caller's transaction after `lockCounter`, which makes the checks of one counter
/// take turns (a row lock on PostgreSQL; SQLite has one writer).
public enum AttemptReservations {
    /// Takes the counter's row for the rest of the transaction and reads it.
    public static func lockCounter(_ db: any SQLDatabase, _ counter: AttemptCounter) async throws -> (failures: Int, locked: Bool) {
        switch counter {
        case .customer(let customerID, let credential):
            let state = try await CredentialRecords.lockCounter(db, customerID: customerID, credential: credential)
            return (state.failures, state.isLocked)
        case .staff(let id):
            let row = try await db.raw("""
                UPDATE staff SET failures = failures WHERE id = \(bind: id) RETURNING failures, locked_at
                """).first()
            guard let row else { return (0, true) }
            return (try row.decode(column: "failures", as: Int.self),
                    try row.decode(column: "locked_at", as: Int64?.self) != nil)
        }
    }

    /// Claims a place for one check (after `lockCounter` in the same transaction).
    public static func claim(_ db: any SQLDatabase, _ counter: AttemptCounter, policy: LockoutPolicy,
                             lifetime: TimeInterval, at now: Date) async throws -> AttemptClaim {
        let (failures, locked) = try await lockCounter(db, counter)
        if locked { return .locked }
        let subject = counter.subject
        try await db.raw("""
            DELETE FROM credential_attempts WHERE subject = \(bind: subject) AND expires_at <= \(bind: now.millis)
            """).run()
        let inFlight = try await db.raw("""
            SELECT COUNT(*) AS n FROM credential_attempts WHERE subject = \(bind: subject)
            """).first()!.decode(column: "n", as: Int.self)
        guard failures + inFlight < policy.limit else { return .full }
        let row = try await db.raw("""
            INSERT INTO credential_attempts (subject, expires_at)
            VALUES (\(bind: subject), \(bind: now.addingTimeInterval(lifetime).millis))
            RETURNING id
            """).first()!
        return .claimed(AttemptReservation(id: try row.decode(column: "id", as: Int64.self), counter: counter))
    }

    /// Gives the place back (the check is settled, or was never made).
    public static func release(_ db: any SQLDatabase, _ reservation: AttemptReservation) async throws {
        try await db.raw("DELETE FROM credential_attempts WHERE id = \(bind: reservation.id)").run()
    }

    /// How many checks of this counter are in flight now (tests, the back office).
    public static func inFlight(_ db: any SQLDatabase, _ counter: AttemptCounter, at now: Date) async throws -> Int {
        try await db.raw("""
            SELECT COUNT(*) AS n FROM credential_attempts
            WHERE subject = \(bind: counter.subject) AND expires_at > \(bind: now.millis)
            """).first()!.decode(column: "n", as: Int.self)
    }
}
