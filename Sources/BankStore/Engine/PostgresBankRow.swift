import PostgresKit
import PostgresNIO
import SQLKit

/// SQLKit's row over a row of a prepared statement (`PostgresPreparedSQLDatabase`), reading
/// the kinds the bank's records decode — text, 64-bit and native integers, booleans, each
/// optional or not — straight from the cell.
///
/// PostgresKit's row did the same decoding, but for every cell first built a coding path (a
/// string made from the column's name and index) and found the type's PostgreSQL conformance
/// by a dynamic cast: ~3 % of all CPU in the 実行 benchmark on PostgreSQL, ahead of the decoding
/// itself. Any other kind, and a column the row lacks, goes to PostgresKit's row, so values and
/// errors are what they always were (`PostgresBankRowTests` compares the two).
struct PostgresBankRow: SQLRow {
    let row: PostgresRow
    let cells: PostgresRandomAccessRow

    init(_ row: PostgresRow) {
        self.row = row
        self.cells = row.makeRandomAccess()
    }

    var allColumns: [String] { cells.map(\.columnName) }

    func contains(column: String) -> Bool { cells.contains(column) }

    func decodeNil(column: String) throws -> Bool {
        !cells.contains(column) || cells[column].bytes == nil
    }

    func decode<T: Decodable>(column: String, as type: T.Type) throws -> T {
        // PostgresKit reads a user-defined type (an enum) as text: its way, not this one's.
        guard cells.contains(column), case let cell = cells[column], !cell.dataType.isUserDefined else {
            return try row.sql().decode(column: column, as: type)
        }
        // Metatype identity, then a bit cast to the very same type: no dynamic cast.
        if T.self == String.self { return unsafeBitCast(try cell.decode(String.self), to: T.self) }
        if T.self == Int64.self { return unsafeBitCast(try cell.decode(Int64.self), to: T.self) }
        if T.self == Int64?.self { return unsafeBitCast(try cell.decode(Int64?.self), to: T.self) }
        if T.self == Int.self { return unsafeBitCast(try cell.decode(Int.self), to: T.self) }
        if T.self == String?.self { return unsafeBitCast(try cell.decode(String?.self), to: T.self) }
        if T.self == Int?.self { return unsafeBitCast(try cell.decode(Int?.self), to: T.self) }
        if T.self == Bool.self { return unsafeBitCast(try cell.decode(Bool.self), to: T.self) }
        if T.self == Bool?.self { return unsafeBitCast(try cell.decode(Bool?.self), to: T.self) }
        return try row.sql().decode(column: column, as: type)
    }
}
