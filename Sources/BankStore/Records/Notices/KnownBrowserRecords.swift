import BankCore
import Foundation
import SQLKit

/// Browsers that completed a login for a customer (`known_browsers`), by the hash of their cookie.
public enum KnownBrowserRecords {
    /// Records the browser as seen now; true when this customer had never logged in from it.
    /// Every full login with the browser's cookie asks this in its transaction, mostly for a
    /// browser already known: on PostgreSQL one statement for both cases (`StepForm`).
    public static func see(_ db: any SQLDatabase, customerID: Int64, browserHash: String, at now: Date) async throws -> Bool {
        try await see(db, customerID: customerID, browserHash: browserHash, at: now, form: StepForm.fastest(for: db))
    }

    static func see(_ db: any SQLDatabase, customerID: Int64, browserHash: String, at now: Date, form: StepForm) async throws -> Bool {
        let insert: SQLQueryString = """
            INSERT INTO known_browsers (customer_id, browser_hash, first_seen_at, last_seen_at)
            VALUES (\(bind: customerID), \(bind: browserHash), \(bind: now.millis), \(bind: now.millis))
            """
        switch form {
        case .statements:
            let inserted = try await db.raw("""
                \(insert)
                ON CONFLICT (customer_id, browser_hash) DO NOTHING
                RETURNING customer_id
                """).first() != nil
            if !inserted {
                try await db.raw("""
                    UPDATE known_browsers SET last_seen_at = \(bind: now.millis)
                    WHERE customer_id = \(bind: customerID) AND browser_hash = \(bind: browserHash)
                    """).run()
            }
            return inserted
        case .oneStatement:
            // A row PostgreSQL inserted has no xmax; one it updated on the conflict carries the
            // updating transaction's. Also when another login inserted the row meanwhile: this
            // statement waits for it, then updates, and answers "known" as the statements do.
            return try await db.raw("""
                \(insert)
                ON CONFLICT (customer_id, browser_hash) DO UPDATE SET last_seen_at = excluded.last_seen_at
                RETURNING (xmax = 0) AS inserted
                """).first()!.decode(column: "inserted", as: Bool.self)
        }
    }

    public static func count(_ db: any SQLDatabase, customerID: Int64) async throws -> Int {
        try await db.raw("SELECT COUNT(*) AS n FROM known_browsers WHERE customer_id = \(bind: customerID)")
            .first()!.decode(column: "n", as: Int.self)
    }
}
