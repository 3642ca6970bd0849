import BankStore
import Foundation
import SQLKit

/// Every row of every table, each value as text, for tests that prove a request changed
/// nothing: take one before, one after, and compare. Works on both engines.
public struct TableDump: Equatable, Sendable {
    /// Table name → its rows, each row as `column=value` pairs joined, sorted.
    public var tables: [String: [String]]

    /// Columns left out of every row, as `table.column` (e.g. a session's `last_seen_at`,
    /// which a page view may move by design).
    public static func take(_ database: any BankDatabase, ignoring ignored: Set<String> = []) async throws -> TableDump {
        try await database.read { db in
            var tables: [String: [String]] = [:]
            for table in try await tableNames(db, engine: database.engine) {
                let columns = try await columnNames(db, engine: database.engine, table: table)
                    .filter { !ignored.contains("\(table).\($0)") }
                guard !columns.isEmpty else { continue }
                let select = columns.map { "CAST(\"\($0)\" AS TEXT) AS \"\($0)\"" }.joined(separator: ", ")
                let rows = try await db.raw(SQLQueryString("SELECT \(unsafeRaw: select) FROM \(ident: table)")).all()
                tables[table] = try rows.map { row in
                    try columns.map { column in "\(column)=\(try row.decode(column: column, as: String?.self) ?? "NULL")" }
                        .joined(separator: " | ")
                }.sorted()
            }
            return TableDump(tables: tables)
        }
    }

    /// What `after` has that `self` has not, and what it lost, table by table (empty: equal).
    public func changes(to after: TableDump) -> [String: (added: [String], removed: [String])] {
        var result: [String: (added: [String], removed: [String])] = [:]
        for table in Set(tables.keys).union(after.tables.keys) {
            let old = tables[table] ?? [], new = after.tables[table] ?? []
            let added = Self.difference(new, old), removed = Self.difference(old, new)
            if !added.isEmpty || !removed.isEmpty { result[table] = (added, removed) }
        }
        return result
    }

    /// The multiset difference a − b of two sorted lists.
    static func difference(_ a: [String], _ b: [String]) -> [String] {
        var remaining = Dictionary(b.map { ($0, 1) }, uniquingKeysWith: +)
        return a.filter { row in
            if let count = remaining[row], count > 0 { remaining[row] = count - 1; return false }
            return true
        }
    }

    static func tableNames(_ db: any SQLDatabase, engine: DatabaseEngine) async throws -> [String] {
        let sql: SQLQueryString = switch engine {
        case .sqlite: "SELECT name AS t FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        case .postgres: "SELECT tablename AS t FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        }
        return try await db.raw(sql).all().map { try $0.decode(column: "t", as: String.self) }
    }

    static func columnNames(_ db: any SQLDatabase, engine: DatabaseEngine, table: String) async throws -> [String] {
        switch engine {
        case .sqlite:
            return try await db.raw("SELECT name FROM pragma_table_info(\(bind: table)) ORDER BY cid").all()
                .map { try $0.decode(column: "name", as: String.self) }
        case .postgres:
            return try await db.raw("""
                SELECT column_name AS name FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = \(bind: table) ORDER BY ordinal_position
                """).all().map { try $0.decode(column: "name", as: String.self) }
        }
    }
}
