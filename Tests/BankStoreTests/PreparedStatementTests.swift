import BankCore
@testable import BankStore
import BankTestSupport
import Foundation
import PostgresNIO
import SQLKit
import Testing

/// PostgreSQL runs the bank's statements as named prepared statements. The name carries the
/// text and the parameter types, so the same text bound with NULL or with a value is a
/// different statement; only plain data statements with plain values are prepared; and a
/// statement that failed against a schema not yet there works once the schema is.
@Suite struct PreparedStatementTests {
    @Test func onlyDataStatementsArePrepared() {
        for sql in ["SELECT 1", "  insert into t values ($1)", "UPDATE t SET a = $1", "DELETE FROM t", "WITH x AS (SELECT 1) SELECT * FROM x"] {
            #expect(PostgresPreparedSQLDatabase.isPreparable(sql), "\(sql)")
        }
        for sql in ["BEGIN", "COMMIT", "ROLLBACK", "CREATE TABLE t (a INT)", "SAVEPOINT unit", "SET x = 1"] {
            #expect(!PostgresPreparedSQLDatabase.isPreparable(sql), "\(sql)")
        }
    }

    @Test func plainValuesAreBoundWithTheirTypesAndOthersAreNot() throws {
        let values: [any Encodable & Sendable] = [Int64(7), 3, "ｶﾅ", true, Optional<Int64>.none, Optional<String>.some("x"), [Int64(1), 2]]
        let (bindings, types) = try #require(PostgresPreparedSQLDatabase.encode(values))
        #expect(bindings.count == 7)
        #expect(types == [.int8, .int8, .text, .bool, .null, .text, .int8Array])
        #expect(PostgresPreparedSQLDatabase.encode([1.5]) == nil, "a Double goes the unprepared way")
        #expect(PostgresPreparedSQLDatabase.encode([Data([1, 2])]) == nil)
        // Optionals of every kind: with a value, bound as the value; without, the NULL (also of
        // a type not bound otherwise, as before the concrete types were tried first).
        let optionals: [any Encodable & Sendable] = [Optional<Int>.some(5), Optional<Bool>.some(false), Optional<[Int64]>.some([3]),
                                                     Optional<Bool>.none, Optional<[Int64]>.none, Optional<Double>.none, Optional<Data>.none]
        let (optionalBindings, optionalTypes) = try #require(PostgresPreparedSQLDatabase.encode(optionals))
        #expect(optionalBindings.count == 7)
        #expect(optionalTypes == [.int8, .bool, .int8Array, .null, .null, .null, .null])
        #expect(PostgresPreparedSQLDatabase.encode([Optional<Double>.some(1.5)]) == nil)
    }

    @Test func theNameDependsOnTextAndTypes() {
        let a = PostgresPreparedSQLDatabase.name("SELECT $1", [.int8])
        #expect(a == PostgresPreparedSQLDatabase.name("SELECT $1", [.int8]))
        #expect(a != PostgresPreparedSQLDatabase.name("SELECT $1", [.null]))
        #expect(a != PostgresPreparedSQLDatabase.name("SELECT $2", [.int8]))
        #expect(a.hasPrefix("kyoei_"))
    }

    /// The text is hashed eight bytes at a time: a change in any byte — in a whole word or in
    /// the last, partial one — and a longer text ending in NUL bytes give other names.
    @Test func everyByteOfTheTextCountsInTheName() {
        let text = Array("SELECT id FROM transfers WHERE nonce = $1 AND x".utf8)
        var names: Set<String> = []
        for length in 0...text.count {
            let prefix = Array(text[0..<length])
            names.insert(PostgresPreparedSQLDatabase.name(String(decoding: prefix, as: UTF8.self), []))
            for position in 0..<length {
                var changed = prefix
                changed[position] ^= 0x01
                names.insert(PostgresPreparedSQLDatabase.name(String(decoding: changed, as: UTF8.self), []))
            }
        }
        let expected = (0...text.count).reduce(0) { $0 + 1 + $1 }
        #expect(names.count == expected, "each of the \(expected) texts has a name of its own")
        #expect(PostgresPreparedSQLDatabase.name("SELECT 1", []) != PostgresPreparedSQLDatabase.name("SELECT 1\u{0}", []))
        #expect(PostgresPreparedSQLDatabase.name("SELECT 1", [.int8, .text]) != PostgresPreparedSQLDatabase.name("SELECT 1", [.text, .int8]))
        let many = Set((0..<50_000).map { PostgresPreparedSQLDatabase.name("SELECT * FROM t WHERE a = \($0)", [.int8]) })
        #expect(many.count == 50_000)
    }

    @Test(arguments: TestDatabases.engines.filter { $0 == .postgres })
    func aStatementThatMetAMissingTableWorksOnceItExists(engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database, _ in
            let select: @Sendable (any SQLDatabase) async throws -> [Int64] = { db in
                try await db.raw("SELECT n FROM made_later WHERE n >= \(bind: Int64(0)) ORDER BY n").all()
                    .map { try $0.decode(column: "n", as: Int64.self) }
            }
            // Several tries, so every pooled connection may have met the failure.
            for _ in 0..<3 {
                await #expect(throws: PSQLError.self) { _ = try await database.read(select) }
            }
            try await database.transaction { db in
                try await db.raw("CREATE TABLE made_later (n BIGINT)").run()
                try await db.raw("INSERT INTO made_later (n) VALUES (\(bind: Int64(2))), (\(bind: Int64(1)))").run()
            }
            for _ in 0..<3 {
                #expect(try await database.read(select) == [1, 2])
            }
            // The same text with NULL bound, then a value: two statements, both fine.
            let nulls = try await database.read { db in
                try await db.raw("SELECT COUNT(*) AS c FROM made_later WHERE n = \(bind: Optional<Int64>.none)").first()!
                    .decode(column: "c", as: Int64.self)
            }
            let ones = try await database.read { db in
                try await db.raw("SELECT COUNT(*) AS c FROM made_later WHERE n = \(bind: Optional<Int64>.some(1))").first()!
                    .decode(column: "c", as: Int64.self)
            }
            #expect(nulls == 0)
            #expect(ones == 1)
        }
    }

    /// A statement first met inside a transaction that had already failed is refused before it
    /// is prepared (25P02); in a sound transaction afterwards it works.
    @Test(arguments: TestDatabases.engines.filter { $0 == .postgres })
    func aStatementFirstMetInAFailedTransactionWorksLater(engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database, _ in
            let count: @Sendable (any SQLDatabase) async throws -> Int64 = { db in
                try await db.raw("SELECT COUNT(*) AS c FROM branches WHERE code > \(bind: "000")").first()!
                    .decode(column: "c", as: Int64.self)
            }
            await #expect(throws: PSQLError.self) {
                try await database.transaction { db in
                    _ = try? await db.raw("SELECT n FROM never_made").all()
                    _ = try await count(db)
                }
            }
            for _ in 0..<3 {
                let written = try await database.transaction { db in try await count(db) }
                let read = try await database.read { db in try await count(db) }
                #expect(written == 3)
                #expect(read == 3)
            }
        }
    }
}
