import BankCore
import Foundation
import SQLKit

/// A booking still waiting, with whose it is (the back office lists many customers' bookings).
public struct ScheduledBookingRecord: Sendable, Equatable {
    public var transfer: TransferRecord
    public var loginID: String
    public var nameKanji: String
    public var nameKana: String
}

/// What the back office's 予約中 list is filtered by: a range of 振込指定日 (ISO days, both
/// ends included) and one customer.
public struct ScheduledBookingFilter: Sendable, Equatable {
    public var from: String?
    public var to: String?
    public var customerID: Int64?

    public init(from: String? = nil, to: String? = nil, customerID: Int64? = nil) {
        self.from = from; self.to = to; self.customerID = customerID
    }
}

extension TransferRecords {
    /// The back office's 予約中 list: bookings still waiting, nearest 振込指定日 first, with the
    /// customer's ログインID and name; `limit + 1` rows tell the caller there were more.
    public static func scheduledBookings(_ db: any SQLDatabase, _ filter: ScheduledBookingFilter,
                                         limit: Int) async throws -> [ScheduledBookingRecord] {
        var query = SQLQueryString("""
            SELECT t.*, c.login_id AS customer_login_id, c.name_kanji AS customer_name_kanji, c.name_kana AS customer_name_kana
            FROM (SELECT \(unsafeRaw: columns) FROM transfers WHERE status = 'scheduled'
            """)
        if let from = filter.from { query += " AND scheduled_for >= \(bind: from)" }
        if let to = filter.to { query += " AND scheduled_for <= \(bind: to)" }
        if let customerID = filter.customerID { query += " AND customer_id = \(bind: customerID)" }
        query += ") t JOIN customers c ON c.id = t.customer_id ORDER BY t.scheduled_for, t.id LIMIT \(bind: max(1, min(limit, 1000)))"
        return try await db.raw(query).all().map { row in
            ScheduledBookingRecord(transfer: try decode(row), loginID: try row.decode(column: "customer_login_id", as: String.self),
                                   nameKanji: try row.decode(column: "customer_name_kanji", as: String.self),
                                   nameKana: try row.decode(column: "customer_name_kana", as: String.self))
        }
    }

    /// One booking (in any status) with its customer, for the back office's detail screen.
    public static func booking(_ db: any SQLDatabase, id: Int64) async throws -> ScheduledBookingRecord? {
        try await db.raw("""
            SELECT t.*, c.login_id AS customer_login_id, c.name_kanji AS customer_name_kanji, c.name_kana AS customer_name_kana
            FROM (SELECT \(unsafeRaw: columns) FROM transfers WHERE id = \(bind: id) AND scheduled_for IS NOT NULL) t
            JOIN customers c ON c.id = t.customer_id
            """).first().map { row in
            ScheduledBookingRecord(transfer: try decode(row), loginID: try row.decode(column: "customer_login_id", as: String.self),
                                   nameKanji: try row.decode(column: "customer_name_kanji", as: String.self),
                                   nameKana: try row.decode(column: "customer_name_kana", as: String.self))
        }
    }
}
