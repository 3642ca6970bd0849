import Logging
import NIOCore
import PostgresKit
import PostgresNIO
import SQLKit
import Synchronization

/// `SQLDatabase` over one PostgreSQL connection that runs the bank's statements as named
/// prepared statements, each parsed and planned once per connection. Through PostgresNIO's
/// `query` every statement was an unnamed one, parsed and planned anew: the benchmark's
/// profile put most of PostgreSQL's CPU in its parser and planner. Statements whose values
/// are not of the plain kinds below, and anything but SELECT/INSERT/UPDATE/DELETE/WITH
/// (BEGIN, COMMIT, DDL), go the usual way. The parameter types sent are what PostgresNIO
/// sends for an unnamed statement (the value's type; unspecified for NULL), and they are
/// part of the statement's name, so the server infers exactly what it inferred before.
struct PostgresPreparedSQLDatabase: SQLDatabase {
    let connection: PostgresConnection
    let plain: any SQLDatabase
    let logger: Logger

    init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.plain = connection.sql(queryLogLevel: nil)
        self.logger = logger
    }

    var eventLoop: any EventLoop { connection.eventLoop }
    var dialect: any SQLDialect { plain.dialect }
    var version: (any SQLDatabaseReportedVersion)? { plain.version }
    var queryLogLevel: Logger.Level? { nil }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        plain.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        let (sql, values) = serialize(query)
        guard Self.isPreparable(sql), let (bindings, types) = Self.encode(values) else {
            return try await plain.execute(sql: query, onRow)
        }
        let key = Self.name(sql, types)
        let shape = BankPreparedStatement.Shape(name: key + "_\(Self.generations.generation(of: key))", sql: sql, types: types)
        do {
            try await BankPreparedStatement.$shape.withValue(shape) {
                let rows = try await connection.execute(BankPreparedStatement(bindings: bindings), logger: logger)
                for try await row in rows { onRow(PostgresBankRow(row)) }
            }
        } catch let error as PSQLError {
            // PostgresNIO remembers a statement that failed to prepare and fails it again on
            // that connection ever after. A statement that met a schema not yet migrated (no
            // such table, column or function: SQLSTATE class 42), one changed under it (0A000)
            // or a transaction already failed (25P02, refused before it was prepared) is
            // prepared afresh next time, under a new name. Errors of execution (constraints,
            // serialisation) come after a successful preparation and change nothing here.
            if let state = error.serverInfo?[.sqlState], state.hasPrefix("42") || state == "0A000" || state == "25P02" {
                Self.generations.advance(key)
            }
            throw error
        }
    }

    static let generations = StatementGenerations()

    static func isPreparable(_ sql: String) -> Bool {
        let head = sql.drop(while: { $0.isWhitespace }).prefix(6).uppercased()
        return ["SELECT", "INSERT", "UPDATE", "DELETE"].contains(head) || head.hasPrefix("WITH")
    }

    /// The values as PostgresNIO would bind them, with their types; nil for a kind this
    /// does not know (the statement then goes unprepared).
    static func encode(_ values: [any Encodable & Sendable]) -> (PostgresBindings, [PostgresDataType])? {
        var bindings = PostgresBindings(capacity: values.count)
        var types: [PostgresDataType] = []
        types.reserveCapacity(values.count)
        func bind<Value: PostgresEncodable>(_ value: Value) throws {
            try bindings.append(value)
            types.append(value.psqlType)
        }
        do {
            // The concrete types first: a cast to one compares type metadata, a cast to a
            // protocol (`NullCheckable`) searches the conformances, and was made for every value
            // (4 % of the server's instructions in the OTP step, callgrind, issue 20). A value
            // that is an optional with a value is cast to its wrapped type as before; one without
            // fails every concrete case and is the NULL.
            for value in values {
                switch value {
                case let number as Int64: try bind(number)
                case let text as String: try bind(text)
                case let number as Int: try bind(number)
                case let flag as Bool: try bind(flag)
                case let numbers as [Int64]: try bind(numbers)
                case let optional as any NullCheckable where optional.isNull:
                    bindings.appendNull()
                    types.append(.null)
                default: return nil
                }
            }
        } catch {
            return nil
        }
        return (bindings, types)
    }

    /// `kyoei_` and a 64-bit hash of the text and the parameter types. Every statement is
    /// named on every run, and 実行's texts are 1–2 KB: hashed a byte at a time (FNV-1a) this
    /// was the client's top function in the profile (4.4 % of its instructions), so the text is
    /// taken eight bytes at a time, each word folded in with a rotate and a multiply (the FxHash
    /// step), and the sum mixed once at the end. Names only have to differ between the few
    /// hundred texts one process runs; 64 bits leave a collision out of reach.
    static func name(_ sql: String, _ types: [PostgresDataType]) -> String {
        var text = sql
        var hash = text.withUTF8 { hashBytes($0) }
        for type in types { hash = fold(hash, 0x1_0000 | UInt64(type.rawValue)) }
        return "kyoei_" + String(finish(hash), radix: 16)
    }

    /// The bytes eight at a time, the rest as one last word; the length is in the seed, so a
    /// text and the same text with NUL bytes added differ.
    static func hashBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let raw = UnsafeRawBufferPointer(bytes)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(raw.count)
        var offset = 0
        while offset + 8 <= raw.count {
            hash = fold(hash, UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            offset += 8
        }
        var last: UInt64 = 0
        for index in offset..<raw.count { last |= UInt64(raw[index]) << (8 * UInt64(index - offset)) }
        return fold(hash, last)
    }

    @inline(__always) static func fold(_ hash: UInt64, _ word: UInt64) -> UInt64 {
        (((hash << 5) | (hash >> 59)) ^ word) &* 0x517c_c1b7_2722_0a95
    }

    /// MurmurHash3's final mix: every bit of the sum reaches every bit of the name.
    @inline(__always) static func finish(_ hash: UInt64) -> UInt64 {
        var mixed = hash
        mixed ^= mixed >> 33
        mixed = mixed &* 0xff51_afd7_ed55_8ccd
        mixed ^= mixed >> 33
        mixed = mixed &* 0xc4ce_b9fe_1a85_ec53
        mixed ^= mixed >> 33
        return mixed
    }
}

/// PostgresNIO prepares a statement known by its type's static name and text. The bank's
/// statements are only known at run time, so this one type reads them from a task-local
/// value that `PostgresPreparedSQLDatabase` sets around the call (PostgresNIO reads them at
/// once, in the calling task).
struct BankPreparedStatement: PostgresPreparedStatement {
    struct Shape: Sendable {
        let name: String
        let sql: String
        let types: [PostgresDataType]
    }

    @TaskLocal static var shape: Shape?

    static var name: String { shape?.name ?? "kyoei_unset" }
    static var sql: String { shape?.sql ?? "SELECT 1 WHERE false" }
    static var bindingDataTypes: [PostgresDataType] { shape?.types ?? [] }

    typealias Row = PostgresRow
    let bindings: PostgresBindings

    func makeBindings() throws -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}

/// How often each statement had to be prepared afresh (see `execute`), process-wide.
final class StatementGenerations: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    func generation(of key: String) -> Int { counts.withLock { $0[key] ?? 0 } }
    func advance(_ key: String) { counts.withLock { $0[key, default: 0] += 1 } }
}
