import BankCore
@testable import BankStore
import BankTestSupport
import Foundation
import PostgresKit
import SQLKit
import Testing

/// Rows of prepared statements on PostgreSQL are read by `PostgresBankRow`, which decodes the
/// plain kinds itself and hands the rest to PostgresKit's row: for every kind and column here,
/// both give the same value, or both refuse.
@Suite struct PostgresBankRowTests {
    static let select = """
        SELECT 'ｶﾅ振込 x'::text AS t, NULL::text AS t_null, 'ab'::varchar(4) AS v, 'c'::char(3) AS c,
               42::int8 AS i8, NULL::int8 AS i8_null, -7::int4 AS i4, 3::int2 AS i2, 9223372036854775807::int8 AS big,
               true AS b, NULL::bool AS b_null, 1.5::float8 AS d, COUNT(*) AS n
        FROM branches WHERE code <> 
        """

    @Test(arguments: TestDatabases.engines.filter { $0 == .postgres })
    func decodesAsPostgresKitDoes(engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database, _ in
            let rows = try await database.read { db in
                try await db.raw(SQLQueryString(Self.select) + "\(bind: "none")").all()
            }
            let row = try #require(rows.first as? PostgresBankRow, "a prepared statement's row is the bank's")
            #expect(try row.decode(column: "t", as: String.self) == "ｶﾅ振込 x")
            #expect(try row.decode(column: "i4", as: Int64.self) == -7)
            #expect(try row.decode(column: "b_null", as: Bool?.self) == nil)
            #expect(try row.decodeNil(column: "t_null") && !(try row.decodeNil(column: "t")))
            #expect(try row.decodeNil(column: "missing"))
            #expect(row.contains(column: "big") && !row.contains(column: "missing"))
            #expect(row.allColumns == ["t", "t_null", "v", "c", "i8", "i8_null", "i4", "i2", "big", "b", "b_null", "d", "n"])

            let columns = row.allColumns + ["missing"]
            for column in columns {
                Self.same(row, column, String.self)
                Self.same(row, column, String?.self)
                Self.same(row, column, Int64.self)
                Self.same(row, column, Int64?.self)
                Self.same(row, column, Int.self)
                Self.same(row, column, Int?.self)
                Self.same(row, column, Bool.self)
                Self.same(row, column, Bool?.self)
                Self.same(row, column, Double.self)
                Self.same(row, column, Int32.self)
            }
        }
    }

    /// The value both rows give, or that both refused.
    static func same<T: Decodable & Equatable>(_ row: PostgresBankRow, _ column: String, _ type: T.Type,
                                                sourceLocation: SourceLocation = #_sourceLocation) {
        let ours = Result { try row.decode(column: column, as: type) }
        let theirs = Result { try row.row.sql().decode(column: column, as: type) }
        switch (ours, theirs) {
        case let (.success(a), .success(b)):
            #expect(a == b, "\(column) as \(type)", sourceLocation: sourceLocation)
        case (.failure, .failure):
            break
        default:
            Issue.record("\(column) as \(type): \(ours) against PostgresKit's \(theirs)", sourceLocation: sourceLocation)
        }
    }
}
