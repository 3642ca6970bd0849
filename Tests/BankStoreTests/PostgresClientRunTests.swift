import BankStore
import BankTestSupport
import Foundation
import Logging
import SQLKit
import Synchronization
import Testing

/// Opening a PostgreSQL bank database and running a query at once (what every `kyoei serve`
/// and `kyoei admin …` start does) draws no PostgresNIO warning "PostgresClient.run() hasn't
/// been called yet": the client runs before its first lease (issue 13 § 4).
@Suite struct PostgresClientRunTests {
    final class Lines: Sendable {
        let storage = Mutex<[(Logger.Level, String)]>([])
        var all: [(Logger.Level, String)] { storage.withLock { $0 } }
    }

    struct Handler: LogHandler {
        let lines: Lines
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) { lines.storage.withLock { $0.append((event.level, "\(event.message)")) } }
    }

    @Test func firstQueryAfterOpeningDrawsNoRunWarning() async throws {
        guard TestDatabases.engines.contains(.postgres) else { return }
        for _ in 0..<5 {
            let location = try await TestDatabases.createEmpty(.postgres)
            let lines = Lines()
            var logger = Logger(label: "kyoei.test.pg") { _ in Handler(lines: lines) }
            logger.logLevel = .trace
            let database = try await BankDatabases.open(location, logger: logger)
            let one = try await database.read { db in try await db.raw("SELECT 1 AS one").first()?.decode(column: "one", as: Int.self) }
            await database.close()
            await TestDatabases.drop(location)
            #expect(one == 1)
            let warnings = lines.all.filter { $0.0 >= .warning }
            #expect(warnings.isEmpty, "\(warnings.map(\.1))")
            #expect(!lines.all.contains { $0.1.contains("hasn't been called yet") })
        }
    }
}
