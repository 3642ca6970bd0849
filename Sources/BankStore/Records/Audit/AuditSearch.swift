import BankCore
import Foundation
import SQLKit

/// What the back office filters the audit trail by; every field left nil matches all.
public struct AuditQuery: Sendable, Equatable {
    public var customerID: Int64?
    /// Rows naming this login ID, or of the customer who has it.
    public var loginID: String?
    /// `staff:yamada`, `customer`, `system` …
    public var actor: String?
    /// Any of these events (empty: every event).
    public var events: [String]
    /// From this time (inclusive) …
    public var from: Date?
    /// … to this time (exclusive).
    public var to: Date?
    /// The rows one request wrote (its X-Request-ID, from an access log line).
    public var requestID: String?

    public init(customerID: Int64? = nil, loginID: String? = nil, actor: String? = nil, events: [String] = [],
                from: Date? = nil, to: Date? = nil, requestID: String? = nil) {
        self.customerID = customerID; self.loginID = loginID; self.actor = actor; self.events = events
        self.from = from; self.to = to; self.requestID = requestID
    }
}

extension AuditRecords {
    /// The rows matching `query`, newest first (or oldest first, for reports read in order).
    public static func search(_ db: any SQLDatabase, _ query: AuditQuery, limit: Int,
                              oldestFirst: Bool = false) async throws -> [AuditEvent] {
        var sql = SQLQueryString("SELECT \(unsafeRaw: columns) FROM audit_events WHERE 1 = 1")
        if let customerID = query.customerID { sql += " AND customer_id = \(bind: customerID)" }
        if let loginID = query.loginID {
            sql += " AND (login_id = \(bind: loginID) OR customer_id IN (SELECT id FROM customers WHERE login_id = \(bind: loginID)))"
        }
        if let actor = query.actor { sql += " AND actor = \(bind: actor)" }
        if !query.events.isEmpty {
            sql += " AND event IN ("
            for (index, event) in query.events.enumerated() {
                sql += index == 0 ? "\(bind: event)" : ", \(bind: event)"
            }
            sql += ")"
        }
        if let from = query.from { sql += " AND at >= \(bind: from.millis)" }
        if let to = query.to { sql += " AND at < \(bind: to.millis)" }
        if let requestID = query.requestID { sql += " AND request_id = \(bind: requestID)" }
        sql += oldestFirst ? " ORDER BY id ASC" : " ORDER BY id DESC"
        sql += " LIMIT \(bind: limit)"
        return try await db.raw(sql).all().map(decode)
    }
}
