import BankCore
import BankStore
import Foundation
import SQLKit

/// 監査ログ filter: by customer (id or ログインID), by member of staff, by event, by time.
public struct AuditFilter: Sendable, Equatable {
    public var customerID: Int64?
    public var loginID: String?
    /// Rows whose actor is `staff:<staffID>`.
    public var staffID: String?
    public var event: String?
    /// Any of these events too (the 監査ログ filter's label may mean several).
    public var events: [String]
    /// From (inclusive) …
    public var from: Date?
    /// … to (exclusive).
    public var to: Date?
    /// The rows one request wrote: the X-Request-ID of its answer and access log line.
    public var requestID: String?

    public init(customerID: Int64? = nil, loginID: String? = nil, staffID: String? = nil, event: String? = nil,
                events: [String] = [], from: Date? = nil, to: Date? = nil, requestID: String? = nil) {
        self.customerID = customerID; self.loginID = loginID; self.staffID = staffID; self.event = event
        self.events = events; self.from = from; self.to = to; self.requestID = requestID
    }

    /// The most rows one screen shows, and one CSV export holds.
    public static let maximumRows = 1_000
    public static let maximumCSVRows = 100_000
}
