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
    /// (`SQLiteValueCodingTests`).
    static func decoded<D: Decodable>(_ value: SQLiteData, as type: D.Type) throws -> D {
        switch value {
        case .integer(let number):
            if let answer = exactly(Int64(number), as: D.self) ?? exactly(number, as: D.self) { return answer }
            if number == 0 || number == 1, let answer = exactly(number == 1, as: D.self) { return answer }
        case .text(let text):
            if let answer = exactly(text, as: D.self) { return answer }
        case .null:
            if let answer = none(Int64.self, as: D.self) ?? none(Int.self, as: D.self) ?? none(String.self, as: D.self)
                ?? none(Bool.self, as: D.self) { return answer }
        case .float, .blob:
            break
        }
        return try decoder.decode(D.self, from: value)
    }

    /// `value` as `D` when `D` is `T` or `T?` (a comparison of type metadata, no cast); else nil.
    @inline(__always) private static func exactly<T, D>(_ value: T, as: D.Type) -> D? {
        if D.self == T.self { return unsafeBitCast(value, to: D.self) }
        if D.self == T?.self { return unsafeBitCast(T?.some(value), to: D.self) }
        return nil
    }

    /// NULL as `D` when `D` is `T?`; else nil.
    @inline(__always) private static func none<T, D>(_: T.Type, as: D.Type) -> D? {
        D.self == T?.self ? unsafeBitCast(T?.none, to: D.self) : nil
    }
}

private struct SQLiteColumnKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
