import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import SQLiteNIO

/// `SQLDatabase` over a `SQLiteThreadConnection`: SQLKit's serialiser and SQLiteKit's
/// dialect and value coding, with each statement run on the connection's thread (in place
/// when the caller already runs there).
struct SQLiteThreadDatabase: SQLDatabase {
    let connection: SQLiteThreadConnection
    let logger: Logger
    let eventLoop: any EventLoop = MultiThreadedEventLoopGroup.singleton.any()
    var dialect: any SQLDialect { SQLiteDialect() }
    var queryLogLevel: Logger.Level? { nil }
    private static let encoder = SQLiteDataEncoder()

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        let promise = eventLoop.makePromise(of: Void.self)
        promise.completeWithTask { try await self.execute(sql: query, onRow) }
        return promise.futureResult
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        let (sql, values) = serialize(query)
        let binds = try values.map { try Self.encoder.encode($0) }
        try await connection.onThread { try $0.execute(sql, binds, onRow) }
    }
}

/// One result row: the statement's column names (shared by its rows) and this row's values.
struct SQLiteThreadRow: SQLRow {
    final class Columns: Sendable {
        let names: [String]
        init(names: [String]) { self.names = names }

        func index(of name: String) -> Int? { names.firstIndex(of: name) }
    }

    let columns: Columns
    let values: [SQLiteData]
    private static let decoder = SQLiteDataDecoder()

    var allColumns: [String] { columns.names }

    func contains(column: String) -> Bool { columns.index(of: column) != nil }

    func decodeNil(column: String) throws -> Bool {
        guard let index = columns.index(of: column) else { return true }
        return values[index] == .null
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let index = columns.index(of: column) else {
            throw DecodingError.keyNotFound(SQLiteColumnKey(column),
                                            .init(codingPath: [], debugDescription: "no column \(column) in the result"))
        }
        return try Self.decoder.decode(D.self, from: values[index])
    }
}

private struct SQLiteColumnKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
