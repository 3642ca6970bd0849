import BankCore
@testable import BankServices
import BankStore
import BankTestSupport
import Foundation
import SQLKit
import Synchronization
import Testing

/// Page views recorded together (`SessionTouches`), on both engines: what arrives while one
/// statement is written is recorded by the next, in as few statements as the batch sizes allow,
/// and each view learns whether its own session was still there.
@Suite struct SessionTouchesTests {
    /// Sessions of the payer, stored as a login stores them, last seen at `seenAt`; their cookie values.
    static func sessions(_ world: TransferWorld, count: Int, seenAt: Date) async throws -> [String] {
        let cookies = (0..<count).map { _ in TransferWorld.cookie() }
        try await world.bank.database.transaction { db in
            for cookie in cookies {
                try await SessionRecords.insert(db, SessionRecord(
                    tokenHash: Bank.sha256Hex(cookie), customerID: world.payer.id, stage: .authenticated, csrfToken: "csrf",
                    factorsPresented: [.loginPassword], ip: "192.0.2.44", userAgent: "TouchTest", createdAt: seenAt, lastSeenAt: seenAt))
            }
        }
        return cookies
    }

    static func lastSeen(_ world: TransferWorld, _ cookie: String) async throws -> Date? {
        try await SessionLookupTests.stored(world, cookie)?.lastSeenAt
    }

    @Test(arguments: TestDatabases.engines)
    func viewsArrivingDuringAStatementAreRecordedByTheNextInBatches(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let before = world.clock.now()
            let cookies = try await Self.sessions(world, count: 301, seenAt: before)
            world.clock.advance(by: 30)
            let now = world.clock.now()
            let database = GatedDatabase(CountingDatabase(world.bank.database))
            let touches = SessionTouches(database: database)
            // The first view's statement is held until 300 more views wait behind it.
            let answers = try await withThrowingTaskGroup(of: Bool.self) { group in
                for (index, cookie) in cookies.enumerated() {
                    group.addTask { try await touches.touch(SessionRecord.self, tokenHash: Bank.sha256Hex(cookie), at: now) }
                    if index == 0 { while database.held < 1 { try await Task.sleep(for: .milliseconds(5)) } }
                }
                while await touches.waitingViews(SessionRecord.table) < 300 { try await Task.sleep(for: .milliseconds(5)) }
                database.open()
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(answers.count == 301 && answers.allSatisfy { $0 })
            // 1 (the held one), then 300 in statements of at most 256 sessions: 256 + 44.
            #expect(database.counting.counts.autocommits == 3, "\(database.counting.counts)")
            #expect(database.counting.counts.statements == 3)
            for cookie in cookies { #expect(try await Self.lastSeen(world, cookie) == now) }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aSessionEndedMeanwhileIsAnsweredGoneAndTheOthersOfItsBatchRecorded(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let before = world.clock.now()
            let cookies = try await Self.sessions(world, count: 5, seenAt: before)
            let untouched = try await Self.sessions(world, count: 1, seenAt: before)[0]
            try await world.bank.database.transaction { db in
                _ = try await SessionRecords.delete(db, tokenHash: Bank.sha256Hex(cookies[2]))
            }
            world.clock.advance(by: 30)
            let now = world.clock.now()
            let database = GatedDatabase(CountingDatabase(world.bank.database))
            let touches = SessionTouches(database: database)
            let answers = try await withThrowingTaskGroup(of: (String, Bool).self) { group in
                // The first view's statement is held; the same session viewed again in the
                // next batch is one row of it.
                for (index, cookie) in (cookies + [cookies[0]]).enumerated() {
                    group.addTask { (cookie, try await touches.touch(SessionRecord.self, tokenHash: Bank.sha256Hex(cookie), at: now)) }
                    if index == 0 { while database.held < 1 { try await Task.sleep(for: .milliseconds(5)) } }
                }
                while await touches.waitingViews(SessionRecord.table) < 5 { try await Task.sleep(for: .milliseconds(5)) }
                database.open()
                return try await group.reduce(into: [(String, Bool)]()) { $0.append($1) }
            }
            #expect(answers.count == 6)
            for (cookie, recorded) in answers { #expect(recorded == (cookie != cookies[2]), "\(cookie)") }
            #expect(database.counting.counts.statements == 2)
            for cookie in cookies where cookie != cookies[2] { #expect(try await Self.lastSeen(world, cookie) == now) }
            #expect(try await Self.lastSeen(world, cookies[2]) == nil, "an ended session is not brought back")
            #expect(try await Self.lastSeen(world, untouched) == before, "a session not viewed keeps its time")
        }
    }

    /// The statement on its own, at every padded size and between them: only the listed rows.
    @Test(arguments: TestDatabases.engines)
    func theStatementRecordsExactlyTheListedSessionsAtEverySize(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let before = world.clock.now()
            let cookies = try await Self.sessions(world, count: 300, seenAt: before)
            var at = before
            for count in [1, 2, 4, 5, 16, 17, 64, 65, 255] {  // with the unknown one: up to 256
                at = at.addingTimeInterval(1)
                let listed = Array(cookies.prefix(count))
                let recorded = try await world.bank.database.autocommit { db in
                    try await SessionRecords.touch(db, tokenHashes: listed.map(Bank.sha256Hex) + ["0" + String(repeating: "f", count: 63)], at: at)
                }
                #expect(recorded == Set(listed.map(Bank.sha256Hex)), "count \(count)")
                #expect(try await Self.lastSeen(world, listed[count - 1]) == at)
                #expect(try await Self.lastSeen(world, cookies[count]) != at, "the next session is not recorded (count \(count))")
            }
        }
    }
}

/// The real database, whose first autocommit waits until the test opens the gate: what
/// arrives meanwhile queues behind it.
final class GatedDatabase: BankDatabase {
    let counting: CountingDatabase
    private let state = Mutex<(open: Bool, waiting: [CheckedContinuation<Void, Never>])>((false, []))

    init(_ counting: CountingDatabase) { self.counting = counting }

    /// The autocommits waiting at the gate.
    var held: Int { state.withLock { $0.waiting.count } }

    func open() {
        let waiting = state.withLock { state in
            state.open = true
            defer { state.waiting = [] }
            return state.waiting
        }
        for waiter in waiting { waiter.resume() }
    }

    var engine: DatabaseEngine { counting.engine }

    func autocommit<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        await withCheckedContinuation { continuation in
            let open = state.withLock { state in
                if !state.open { state.waiting.append(continuation) }
                return state.open
            }
            if open { continuation.resume() }
        }
        return try await counting.autocommit(body)
    }

    func transaction<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T { try await counting.transaction(body) }
    func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T { try await counting.read(body) }
    func snapshot<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T { try await counting.snapshot(body) }
    func wakeOtherProcesses(_ channel: WakeChannel) { counting.wakeOtherProcesses(channel) }
    func listenToOtherProcesses(_ channel: WakeChannel, wake: @escaping @Sendable () -> Void) async {
        await counting.listenToOtherProcesses(channel, wake: wake)
    }
    func close() async {}
}
