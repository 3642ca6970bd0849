/// A table's column list for a statement that reads rows of several tables at once (a join):
/// each column qualified by the table's alias and renamed with a prefix, so that names the
/// tables share (`id`, `created_at`, `customer_id`) stay apart and the record's decoder finds
/// its own (`decode(_:prefix:)`).
enum JoinedColumns {
    /// `"id, login_id"` of alias `c` with prefix `holder_` → `"c.id AS holder_id, c.login_id AS holder_login_id"`.
    static func aliased(_ columns: String, of alias: String, prefixedWith prefix: String = "") -> String {
        columns.split(separator: ",").map { column in
            let name = column.trimmingCharacters(in: .whitespacesAndNewlines)
            return "\(alias).\(name) AS \(prefix)\(name)"
        }.joined(separator: ", ")
    }
}
