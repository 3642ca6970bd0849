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
        let binds = try values.map(Self.bound)
        try await connection.onThread { try $0.execute(sql, binds, onRow) }
    }

    /// A value as SQLite binds it. The kinds the bank binds are read by concrete casts first:
    /// SQLiteKit's encoder casts every value to a protocol (a search of the conformances) and
    /// encodes a NULL through a `Codable` container, ~1,400 instructions per value and 86 values
    /// per transfer 実行 (callgrind, issue 20). An optional with a value casts to its wrapped
    /// type; one without fails every concrete case and is the NULL. Anything else goes to the
    /// encoder, so every value binds as SQLiteKit would bind it (`SQLiteValueCodingTests`).
    static func bound(_ value: any Encodable & Sendable) throws -> SQLiteData {
        switch value {
        case let number as Int64: .integer(Int(number))
        case let text as String: .text(text)
        case let number as Int: .integer(number)
        case let flag as Bool: .integer(flag ? 1 : 0)
        case let optional as any NullCheckable where optional.isNull: .null
        default: try encoder.encode(value)
        }
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
        return try Self.decoded(values[index], as: D.self)
    }

    /// A column's value as `D`. The kinds the bank reads (integers, texts, flags, and each of
    /// them or NULL) are answered by comparing `D` with each type, where SQLiteKit's decoder
    /// casts `D` to a protocol and reads an optional through a `Codable` container: ~1,300
    /// instructions per column, 106 columns per transfer 実行 (callgrind, issue 20). Only values
    /// the decoder reads the same way are answered here; every other value and type (a text as a
    /// number, a float as a text, a mismatch to report) goes to the decoder as before
    /// (`SQLiteValueCodingTests`). Each type is named concretely — its metadata a cached load,
    /// where a generic `T?` built Optional's metadata on every call (half of this function's
    /// cost) — and answered by a bit cast to the very same type.
    static func decoded<D: Decodable>(_ value: SQLiteData, as type: D.Type) throws -> D {
        switch value {
        case .integer(let number):
            if D.self == Int64.self { return unsafeBitCast(Int64(number), to: D.self) }
            if D.self == Int64?.self { return unsafeBitCast(Int64?.some(Int64(number)), to: D.self) }
            if D.self == Int.self { return unsafeBitCast(number, to: D.self) }
            if D.self == Int?.self { return unsafeBitCast(Int?.some(number), to: D.self) }
            if number == 0 || number == 1 {
                if D.self == Bool.self { return unsafeBitCast(number == 1, to: D.self) }
                if D.self == Bool?.self { return unsafeBitCast(Bool?.some(number == 1), to: D.self) }
            }
        case .text(let text):
            if D.self == String.self { return unsafeBitCast(text, to: D.self) }
            if D.self == String?.self { return unsafeBitCast(String?.some(text), to: D.self) }
        case .null:
            if D.self == Int64?.self { return unsafeBitCast(Int64?.none, to: D.self) }
            if D.self == String?.self { return unsafeBitCast(String?.none, to: D.self) }
            if D.self == Int?.self { return unsafeBitCast(Int?.none, to: D.self) }
            if D.self == Bool?.self { return unsafeBitCast(Bool?.none, to: D.self) }
        case .float, .blob:
            break
        }
        return try decoder.decode(D.self, from: value)
    }
}

private struct SQLiteColumnKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
