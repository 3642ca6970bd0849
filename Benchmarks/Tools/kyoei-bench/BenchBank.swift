import BankCore
import BankServices
import BankStore
import Crypto
import Foundation
import Logging

/// A `Bank` on the benchmark's database, migrated, with the fixture's hasher and the
/// server's secret keys (KYOEI_SECRET_KEYS), so tokens sealed here open in the server.
enum BenchBank {
    static func open(url: String, passwords: FixturePasswords) async throws -> Bank {
        var logger = Logger(label: "kyoei.bench")
        // PostgresNIO warns when the first lease races its client's start: harmless here.
        logger.logLevel = .error
        let database = try await BankDatabases.open(try DatabaseLocation(url: url), logger: logger)
        do {
            _ = try await Migrator.migrate(database)
        } catch {
            await database.close()
            throw error
        }
        let keys = try ProcessInfo.processInfo.environment["KYOEI_SECRET_KEYS"].map { try SecretKeyRing.parse($0) }
        var settings = BankSettings(secretKeys: keys)
        // The fixture's confirmations are prepared minutes before they are executed.
        settings.sessions = SessionPolicy(idleTimeout: 7200, absoluteTimeout: 7200)
        return Bank(database: database, hasher: FixtureHasher(passwords: passwords), settings: settings, logger: logger)
    }
}

/// What the sessions table keys a cookie value by: its SHA-256 in hex.
func sessionKey(_ cookie: String) -> String {
    Hex.encode(SHA256.hash(data: Array(cookie.utf8)))
}
