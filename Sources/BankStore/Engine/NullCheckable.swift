/// Whether an encodable value is an empty optional (SQLKit binds `nil` as `Optional.none`).
/// Both engines' binds ask it (`PostgresPreparedSQLDatabase.encode`, `SQLiteThreadDatabase.bound`)
/// only after their concrete types: a cast to a protocol searches the conformances.
protocol NullCheckable {
    var isNull: Bool { get }
}

extension Optional: NullCheckable {
    var isNull: Bool { self == nil }
}
