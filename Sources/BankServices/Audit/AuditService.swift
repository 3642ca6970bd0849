import BankCore
import BankStore
import Foundation
import SQLKit

/// 監査ログ: the audit trail read by filter, on the screen and as CSV (reading it is audited
/// too), and `kyoei admin audit`.
public struct AuditService: BankUseCase {
    public let context: BankContext

    public init(context: BankContext) {
        self.context = context
    }
}

extension AuditService {
    /// `kyoei admin audit`: the newest rows, or one customer's.
    public func trail(loginID: String?, limit: Int) async throws -> [AuditEventView] {
        let customerID = try await loginID.asyncMap { try await bank.counter.customerRecord(loginID: $0).id }
        return try await database.read { db in
            try await AuditRecords.list(db, customerID: customerID, limit: limit).map(AuditEventView.init)
        }
    }

    /// 監査ログ, newest first. Reading the trail is itself audited (`staff_view`).
    public func log(_ filter: AuditFilter, limit: Int = 200, by actor: BankActor,
                         client: ClientInfo? = nil) async throws -> [AuditEventView] {
        try await readAudit(filter, limit: min(max(limit, 1), AuditFilter.maximumRows), purpose: .auditLog, by: actor,
                            client: client)
    }

    /// 監査ログ as CSV (AuditCSV: RFC 4180, UTF-8 with BOM, header row, JST), newest first.
    public func csv(_ filter: AuditFilter, by actor: BankActor, client: ClientInfo? = nil,
                         labels: AuditCSVLabels? = nil) async throws -> String {
        AuditCSV.render(try await readAudit(filter, limit: AuditFilter.maximumCSVRows, purpose: .auditCSV, by: actor,
                                            client: client), labels: labels)
    }

    private func readAudit(_ filter: AuditFilter, limit: Int, purpose: AuditCode, by actor: BankActor,
                           client: ClientInfo?) async throws -> [AuditEventView] {
        try actor.requireStaff(StaffRole.readers)
        let query = try Self.auditQuery(filter)
        let now = clock.now()
        return try await database.transaction { db in
            let events = try await AuditRecords.search(db, query, limit: limit)
            let described: [AuditDetail.Part?] = [
                query.customerID.map { .field(.customerID, $0) }, query.loginID.map { .field(.loginID, $0) },
                query.actor.map { .field(.actor, $0) }, query.events.isEmpty ? nil : .field(.event, query.events.joined(separator: ",")),
                query.from.map { .field(.from, AuditCSV.isoJST($0)) }, query.to.map { .field(.to, AuditCSV.isoJST($0)) },
                query.requestID.map { .field(.requestID, $0) },
            ]
            try await auditStaffView(db, actor, client: client, customerID: query.customerID, loginID: query.loginID,
                                     detail: AuditDetail([.code(purpose)] + described.compactMap { $0 } + [.field(.rows, events.count)]),
                                     at: now)
            return events.map(AuditEventView.init)
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
        let requestID = given(filter.requestID)
        if let requestID, RequestIdentity.acceptable(requestID) == nil {
            errors.append(FieldError(field: "request_id", messageKey: "error.audit.request_id_invalid"))
        }
        guard errors.isEmpty else { throw BankError.invalidInput(errors) }
        return AuditQuery(customerID: filter.customerID, loginID: loginID, actor: staffID.map { AuditActor.staff($0).storedText },
                          events: events, from: filter.from, to: filter.to, requestID: requestID)
    }
}
