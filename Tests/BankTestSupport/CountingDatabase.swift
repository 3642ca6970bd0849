import BankStore
import Foundation
import Logging
import NIOCore
import SQLKit
import Synchronization

/// The real database, counting what a use case asks of it: its units of work by kind and the
/// statements each sends. On PostgreSQL every statement is a round trip, and so are a
/// transaction's BEGIN and COMMIT (`roundTrips`), which the engine sends itself.
public final class CountingDatabase: BankDatabase {
    public struct Counts: Sendable, Equatable {
        public var transactions = 0, reads = 0, autocommits = 0, snapshots = 0, statements = 0
        /// Statements plus each transaction's BEGIN and COMMIT.
        public var roundTrips: Int { statements + 2 * (transactions + snapshots) }
        /// Units of work that wrote (each commits once).
        public var commits: Int { transactions + autocommits }
    }

    let base: any BankDatabase
    private let state = Mutex(Counts())

    public init(_ base: any BankDatabase) { self.base = base }

    public var engine: DatabaseEngine { base.engine }
    public var counts: Counts { state.withLock { $0 } }
    public func reset() { state.withLock { $0 = Counts() } }

    public func transaction<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        state.withLock { $0.transactions += 1 }
        return try await base.transaction { try await body(CountingSQLDatabase(base: $0, owner: self)) }
    }

    public func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        state.withLock { $0.reads += 1 }
        return try await base.read { try await body(CountingSQLDatabase(base: $0, owner: self)) }
    }

    public func autocommit<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        state.withLock { $0.autocommits += 1 }
        return try await base.autocommit { try await body(CountingSQLDatabase(base: $0, owner: self)) }
    }

    public func snapshot<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        state.withLock { $0.snapshots += 1 }
        return try await base.snapshot { try await body(CountingSQLDatabase(base: $0, owner: self)) }
    }

    public func wakeOtherProcesses(_ channel: WakeChannel) { base.wakeOtherProcesses(channel) }

    public func listenToOtherProcesses(_ channel: WakeChannel, wake: @escaping @Sendable () -> Void) async {
        await base.listenToOtherProcesses(channel, wake: wake)
    }

    /// The base is the test's to close (it opened it).
    public func close() async {}

    fileprivate func countStatement() { state.withLock { $0.statements += 1 } }
}

/// The unit of work's connection, counting each statement it is given.
private struct CountingSQLDatabase: SQLDatabase {
    let base: any SQLDatabase
    let owner: CountingDatabase

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        owner.countStatement()
        return base.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        owner.countStatement()
        try await base.execute(sql: query, onRow)
    }
}
