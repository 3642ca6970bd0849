import BankCore
import Foundation
import SQLKit

extension TransferRecords {
    /// One customer's transfers made from `from` (inclusive) to `to` (exclusive), oldest
    /// first (what the compensation report walks through) or newest first (振込・振替履歴照会).
    /// `status` and `offset` page the JSON API's history (with `count`).
    public static func list(_ db: any SQLDatabase, customerID: Int64, from: Date, to: Date,
                            limit: Int = 10_000, newestFirst: Bool = false, status: TransferStatus? = nil,
                            offset: Int = 0) async throws -> [TransferRecord] {
        var query = SQLQueryString("""
            SELECT \(unsafeRaw: columns) FROM transfers
            WHERE customer_id = \(bind: customerID) AND created_at >= \(bind: from.millis) AND created_at < \(bind: to.millis)
            """)
        if let status { query.appendInterpolation(unsafeRaw: " AND status = "); query.appendInterpolation(bind: status.rawValue) }
        query.appendInterpolation(unsafeRaw: " ORDER BY id \(newestFirst ? "DESC" : "ASC") LIMIT ")
        query.appendInterpolation(bind: limit)
        query.appendInterpolation(unsafeRaw: " OFFSET ")
        query.appendInterpolation(bind: offset)
        return try await db.raw(query).all().map(decode)
    }

    /// How many transfers `list` would give without its limit.
    public static func count(_ db: any SQLDatabase, customerID: Int64, from: Date, to: Date,
                             status: TransferStatus? = nil) async throws -> Int {
        var query = SQLQueryString("""
            SELECT COUNT(*) AS n FROM transfers
            WHERE customer_id = \(bind: customerID) AND created_at >= \(bind: from.millis) AND created_at < \(bind: to.millis)
            """)
        if let status { query.appendInterpolation(unsafeRaw: " AND status = "); query.appendInterpolation(bind: status.rawValue) }
        return Int(try await db.raw(query).first()?.decode(column: "n", as: Int64.self) ?? 0)
    }
}
