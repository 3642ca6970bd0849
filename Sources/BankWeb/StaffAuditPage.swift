import BankCore
import BankServices
import BankStore
import Foundation
import Hummingbird
import NIOCore

/// 監査ログ: the audit trail filtered by customer, ログインID, 職員ID, event and dates, newest
/// first, and the same rows as a CSV download. Reading it is itself audited by the service.
extension StaffSite {
    static let auditFields = ["customer_id", "login_id", "staff_id", "event", "from", "to"]
    /// Events offered in the filter's list: every event a service writes (any other may still be typed).
    static let auditEventChoices = AuditEventNames.all
    static let auditScreenRows = 200

    func auditLog(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let gate = try await requireStaff(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        let lang = language(request)
        var values = baseContext(request, titleKey: "staff_audit_title", csrf: current.session.csrfToken, staff: current.staff)
        for field in Self.auditFields { values["\(field)_value"] = Self.queryValue(request, field) ?? "" }
        // The list offers the labels a clerk reads on the screen; a name (`login_password`) still works.
        values["event_choices"] = Self.auditEventChoices.map { ["value": eventLabel($0, lang), "name": $0] }
        values["csv_link"] = "/staff/audit.csv" + (request.uri.query.map { "?" + $0 } ?? "")
        let (parsed, errors) = auditFilter(request)
        guard let filter = parsed else {
            values["errors"] = errors.map { lang.text($0) }
            return try page("staff_audit", values, status: .badRequest)
        }
        do {
            let rows = try await bank.auditLog(filter, limit: Self.auditScreenRows, by: current.staff,
                                               client: client(request, context))
            values["rows"] = rows.map { auditRow($0, lang) }
            values["no_rows"] = rows.isEmpty
            values["has_rows"] = !rows.isEmpty
            values["row_count"] = lang.text("staff_audit_count", String(rows.count))
            if rows.count >= Self.auditScreenRows {
                values["truncated"] = lang.text("staff_audit_truncated", String(Self.auditScreenRows))
            }
            return try page("staff_audit", values)
        } catch let error as BankError {
            values["errors"] = messages(error, lang)
            return try page("staff_audit", values, status: Self.status(of: error))
        }
    }

    /// The same filter as a CSV file (UTF-8 with BOM for Excel), named after the moment it was made.
    func auditCSV(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let gate = try await requireStaff(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        let (parsed, errors) = auditFilter(request)
        guard let filter = parsed else {
            return try errorPage(request, messageKey: errors.first ?? "error.invalid_input", status: .badRequest,
                                 csrf: current.session.csrfToken, staff: current.staff)
        }
        do {
            let csv = try await bank.auditCSV(filter, by: current.staff, client: client(request, context),
                                              labels: csvLabels(language(request)))
            let stamp = AuditCSV.isoJST(bank.clock.now()).prefix(19).filter(\.isNumber)
            return Response(status: .ok, headers: [
                .contentType: "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"kyoei-audit-\(stamp).csv\"",
            ], body: .init(byteBuffer: ByteBuffer(string: csv)))
        } catch let error as BankError {
            return try errorPage(request, messageKey: Self.messageKey(error), status: Self.status(of: error),
                                 csrf: current.session.csrfToken, staff: current.staff)
        }
    }

    /// The CSV's label columns, in the staff's language, after the stored ones (which scripts read).
    func csvLabels(_ lang: Language) -> AuditCSVLabels {
        AuditCSVLabels(header: Self.csvLabelHeader) { event in
            let row = self.auditRow(event, lang)
            return ["event_label", "result", "actor", "in_force", "presented", "detail"].map { row[$0] as? String ?? "" }
        }
    }

    static let csvLabelHeader = ["event_label", "result_label", "actor_label", "factors_in_force_label",
                                 "factors_presented_label", "detail_label"]

    /// The filter from the query, or nil and the message keys of what is wrong with it.
    func auditFilter(_ request: Request) -> (AuditFilter?, [String]) {
        var errors: [String] = []
        var customerID: Int64?
        if let raw = Self.queryValue(request, "customer_id") {
            if let id = Self.positiveID(raw) { customerID = id } else { errors.append("error.staff.customer_id") }
        }
        let period = Self.period(from: Self.queryValue(request, "from"), to: Self.queryValue(request, "to"))
        errors += period.errors
        var events: [String] = []
        if let typed = Self.queryValue(request, "event") {
            events = Self.auditEvents(matching: typed)
            if events.isEmpty { errors.append("error.audit.event_unknown") }
        }
        guard errors.isEmpty else { return (nil, errors) }
        return (AuditFilter(customerID: customerID, loginID: Self.queryValue(request, "login_id"),
                            staffID: Self.queryValue(request, "staff_id"), events: events,
                            from: period.from, to: period.to), [])
    }

    /// The events a typed イベント means: the event of that name or of that label (Japanese or
    /// English, as the list offers them), else every event whose label contains the text
    /// (「ログイン」 finds each kind of login). None: the field is wrong.
    static func auditEvents(matching typed: String) -> [String] {
        let text = typed.trimmingCharacters(in: .whitespaces)
        let folded = text.lowercased()
        func labels(_ name: String) -> [String] {
            Language.allCases.compactMap { $0.strings["staff_event.\(name)"] }
        }
        if AuditEventNames.all.contains(text) { return [text] }
        let exact = auditEventChoices.filter { labels($0).contains { $0.lowercased() == folded } }
        if !exact.isEmpty { return exact }
        // An event name the list does not offer (written by a newer version) is still searched for.
        if text.count <= 64, text.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }), text.contains("_") {
            return [text]
        }
        return auditEventChoices.filter { labels($0).contains { $0.lowercased().contains(folded) } }
    }
}
