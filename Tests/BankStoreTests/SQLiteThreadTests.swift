import BankCore
@testable import BankStore
import BankTestSupport
import Foundation
import SQLKit
import Testing

/// Each SQLite connection has a thread of its own, and its statements run only there.
@Suite struct SQLiteThreadTests {
    static func path() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("kyoei-thread-\(UUID().uuidString).sqlite").path
    }

    @Test func workRunsOnTheConnectionsThreadAndNowhereElse() async throws {
        let connection = try await SQLiteThreadConnection.open(path: Self.path(), name: "test-thread")
        #expect(!connection.thread.isCurrent)
        let onItsThread = try await connection.onThread { $0.thread.isCurrent }
        #expect(onItsThread)
        // Under the thread's preference a whole unit of work stays there between statements.
        let stays = try await withTaskExecutorPreference(connection.thread) {
            var rows: [Int] = []
            for value in 1...3 {
                try connection.execute("SELECT ?1 AS v", [.integer(value)]) { rows.append(try! $0.decode(column: "v", as: Int.self)) }
                await Task.yield()
                #expect(connection.thread.isCurrent)
            }
            return rows
        }
        #expect(stays == [1, 2, 3])
        await connection.close()
    }

    @Test func afterCloseWorkIsRefusedNotRunElsewhere() async throws {
        let database = try await BankDatabases.open(.sqlite(path: Self.path()), logger: .init(label: "test"))
        try await Migrator.migrate(database)
        await database.close()
        await #expect(throws: SQLiteStatementError.self) {
            try await database.read { db in try await db.raw("SELECT 1 AS one").first() }
        }
        await #expect(throws: SQLiteStatementError.self) {
            try await database.transaction { db in try await db.raw("SELECT 1 AS one").first() }
        }
    }

    @Test func aFailedStatementSaysWhy() async throws {
        let connection = try await SQLiteThreadConnection.open(path: Self.path(), name: "test-errors")
        await #expect(throws: SQLiteStatementError.self) {
            try await connection.onThread { try $0.execute("SELECT * FROM no_such_table", []) { _ in } }
        }
        do {
            try await connection.onThread { try $0.execute("SELECT * FROM no_such_table", []) { _ in } }
        } catch let error as SQLiteStatementError {
            #expect(error.description.contains("no such table"))
        }
        // The connection goes on after the error.
        let one = try await connection.onThread { connection -> Int in
            var value = 0
            try connection.execute("SELECT 1 AS one", []) { value = try! $0.decode(column: "one", as: Int.self) }
            return value
        }
        #expect(one == 1)
        await connection.close()
    }
}
