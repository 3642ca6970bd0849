import BankCore
import Foundation
import SQLKit

/// Browsers that completed a login for a customer (`known_browsers`), by the hash of their cookie.
public enum KnownBrowserRecords {
    /// Records the browser as seen now; true when this customer had never logged in from it.
    public static func see(_ db: any SQLDatabase, customerID: Int64, browserHash: String, at now: Date) async throws -> Bool {
        let inserted = try await db.raw("""
            INSERT INTO known_browsers (customer_id, browser_hash, first_seen_at, last_seen_at)
            VALUES (\(bind: customerID), \(bind: browserHash), \(bind: now.millis), \(bind: now.millis))
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
    }

    public static func count(_ db: any SQLDatabase, customerID: Int64) async throws -> Int {
        try await db.raw("SELECT COUNT(*) AS n FROM known_browsers WHERE customer_id = \(bind: customerID)")
            .first()!.decode(column: "n", as: Int.self)
    }
}
