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

    public init(customerID: Int64? = nil, loginID: String? = nil, staffID: String? = nil, event: String? = nil,
                events: [String] = [], from: Date? = nil, to: Date? = nil) {
        self.customerID = customerID; self.loginID = loginID; self.staffID = staffID; self.event = event
        self.events = events; self.from = from; self.to = to
    }

    /// The most rows one screen shows, and one CSV export holds.
    public static let maximumRows = 1_000
    public static let maximumCSVRows = 100_000
}

extension Bank {
    /// 監査ログ, newest first. Reading the trail is itself audited (`staff_view`).
    public func auditLog(_ filter: AuditFilter, limit: Int = 200, by staff: StaffRecord,
                         client: ClientInfo? = nil) async throws -> [AuditEvent] {
        try await readAudit(filter, limit: min(max(limit, 1), AuditFilter.maximumRows), purpose: "audit_log", by: staff,
                            client: client)
    }

    /// 監査ログ as CSV (AuditCSV: RFC 4180, UTF-8 with BOM, header row, JST), newest first.
    public func auditCSV(_ filter: AuditFilter, by staff: StaffRecord, client: ClientInfo? = nil,
                         labels: AuditCSVLabels? = nil) async throws -> String {
        AuditCSV.render(try await readAudit(filter, limit: AuditFilter.maximumCSVRows, purpose: "audit_csv", by: staff,
                                            client: client), labels: labels)
    }

    private func readAudit(_ filter: AuditFilter, limit: Int, purpose: String, by staff: StaffRecord,
                           client: ClientInfo?) async throws -> [AuditEvent] {
        try requireRole(staff, allowed: StaffRole.readers)
        let query = try Self.auditQuery(filter)
        let now = clock.now()
        return try await database.transaction { db in
            let events = try await AuditRecords.search(db, query, limit: limit)
            let described = [
                query.customerID.map { "customer_id=\($0)" }, query.loginID.map { "login_id=\($0)" },
                query.actor.map { "actor=\($0)" }, query.events.isEmpty ? nil : "event=\(query.events.joined(separator: ","))",
                query.from.map { "from=\(AuditCSV.isoJST($0))" }, query.to.map { "to=\(AuditCSV.isoJST($0))" },
            ].compactMap { $0 }.joined(separator: " ")
            try await auditStaffView(db, staff, client: client, customerID: query.customerID, loginID: query.loginID,
                                     detail: "\(purpose) \(described) rows=\(events.count)".replacingOccurrences(of: "  ", with: " "),
                                     at: now)
            return events
        }
    }

    /// The filter as the store reads it, or the field errors.
    static func auditQuery(_ filter: AuditFilter) throws -> AuditQuery {
        func given(_ text: String?) -> String? {
            guard let text else { return nil }
            let trimmed = TextNormalizer.fullwidthASCIIToHalfwidth(text).trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty ? nil : trimmed
        }
        var errors: [FieldError] = []
        let loginID = given(filter.loginID).map(CredentialPolicy.normalizeLoginID)
        let staffID = given(filter.staffID).map(StaffPolicy.normalizeStaffID)
        let events = ([given(filter.event)].compactMap { $0 } + filter.events.compactMap(given))
        if events.contains(where: { $0.count > 64 || !$0.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) }) {
            errors.append(FieldError(field: "event", messageKey: "error.audit.event_invalid"))
        }
        if let from = filter.from, let to = filter.to, to <= from {
            errors.append(FieldError(field: "from", messageKey: "error.date.order"))
        }
        guard errors.isEmpty else { throw BankError.invalidInput(errors) }
        return AuditQuery(customerID: filter.customerID, loginID: loginID, actor: staffID.map { "staff:\($0)" },
                          events: events, from: filter.from, to: filter.to)
    }
}
