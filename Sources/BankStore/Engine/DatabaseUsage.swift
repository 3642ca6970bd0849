import SQLKit
import Synchronization

/// How many units of work hold a database connection now and how many wait for one (the
/// PostgreSQL pool's leases; SQLite's writer, reader and snapshot connections), for the
/// `kyoei_database_connections` gauges. PostgresNIO keeps its own pool statistics internal,
/// so the bank counts around its own borrowing instead.
public final class DatabaseUsage: Sendable {
    public struct Snapshot: Sendable, Equatable {
        public var inUse: Int
        public var waiting: Int
    }

    private let counts = Mutex(Snapshot(inUse: 0, waiting: 0))

    public init() {}

    public var snapshot: Snapshot { counts.withLock { $0 } }

    /// Runs `run` (which borrows a connection and then calls its closure), counting the unit as
    /// waiting until the closure starts and in use until it returns.
    func measure<T: Sendable>(_ body: (any SQLDatabase) async throws -> T,
                              through run: ((any SQLDatabase) async throws -> T) async throws -> T) async throws -> T {
        let unit = Unit()
        counts.withLock { $0.waiting += 1 }
        defer { counts.withLock { if unit.begun { $0.inUse -= 1 } else { $0.waiting -= 1 } } }
        // `run` calls the closure before it returns: the body does not outlive this call.
        return try await withoutActuallyEscaping(body) { body in
            try await run { db in
                counts.withLock { counts in
                    if unit.begin() { counts.waiting -= 1; counts.inUse += 1 }
                }
                return try await body(db)
            }
        }
    }

    private final class Unit: Sendable {
        private let started = Mutex(false)
        var begun: Bool { started.withLock { $0 } }
        /// True the first time (a retried transaction calls its body again).
        func begin() -> Bool { started.withLock { was in defer { was = true }; return !was } }
    }
}

/// A database that counts its connections' use (both engines do).
public protocol DatabaseUsageReporting: Sendable {
    var usage: DatabaseUsage { get }
}
