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
            for value in values {
                switch value {
                case let optional as any NullCheckable where optional.isNull:
                    bindings.appendNull()
                    types.append(.null)
                case let number as Int64: try bind(number)
                case let number as Int: try bind(number)
                case let text as String: try bind(text)
                case let flag as Bool: try bind(flag)
                case let numbers as [Int64]: try bind(numbers)
                default: return nil
                }
            }
        } catch {
            return nil
        }
        return (bindings, types)
    }

    /// `kyoei_` and a 64-bit FNV-1a hash of the text and the parameter types.
    static func name(_ sql: String, _ types: [PostgresDataType]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        for byte in sql.utf8 { mix(byte) }
        for type in types {
            mix(0)
            withUnsafeBytes(of: type.rawValue.littleEndian) { $0.forEach(mix) }
        }
        return "kyoei_" + String(hash, radix: 16)
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

/// Whether an encodable value is an empty optional (SQLKit binds `nil` as `Optional.none`).
protocol NullCheckable {
    var isNull: Bool { get }
}

extension Optional: NullCheckable {
    var isNull: Bool { self == nil }
}
