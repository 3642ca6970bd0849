import BankCore
import BankServices
import Foundation
import Hummingbird
import NIOCore

/// 監査ログ: the audit trail filtered by customer, ログインID, 職員ID, event and dates, newest
/// first, and the same rows as a CSV download. Reading it is itself audited by the service.
extension StaffSite {
    /// Events offered in the filter's list: every event a service writes (any other may still be typed).
    static let auditEventChoices = AuditEventName.allCases
    static let auditScreenRows = 200

    func auditLog(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireStaff()
        let lang = language(request)
        let typed = { (field: String) in Self.queryValue(request, field) ?? "" }
        var model = StaffAuditPageModel(
            customerIDValue: typed("customer_id"), loginIDValue: typed("login_id"), staffIDValue: typed("staff_id"),
            eventValue: typed("event"), fromValue: typed("from"), toValue: typed("to"), requestIDValue: typed("request_id"),
            // The list offers the labels a clerk reads on the screen; a name (`login_password`) still works.
            eventChoices: Self.auditEventChoices.map { .init(value: eventLabel($0.rawValue, lang), name: $0.rawValue) },
            csvLink: StaffRoute.auditCSV.path + (request.uri.query.map { "?" + $0 } ?? ""))
        let title = "staff_audit.title"
        let (parsed, errors) = auditFilter(request)
        guard let filter = parsed else {
            return try page("staff_audit", model, chrome(request, titleKey: title, current, errors: errors.map { lang.text($0) }),
                            status: .badRequest)
        }
        do {
            let rows = try await bank.audit.log(filter, limit: Self.auditScreenRows, by: .staff(current.staff),
                                               client: client(request, context))
            model.rows = rows.map { auditRow($0, lang) }
            model.noRows = rows.isEmpty
            model.hasRows = !rows.isEmpty
            model.rowCount = lang.text("staff_audit.count", String(rows.count))
            if rows.count >= Self.auditScreenRows {
                model.truncated = lang.text("staff_audit.truncated", String(Self.auditScreenRows))
            }
            return try page("staff_audit", model, chrome(request, titleKey: title, current))
        } catch let error as BankError {
            return try page("staff_audit", model, chrome(request, titleKey: title, current, errors: messages(error, lang)),
                            status: ErrorPresenter.status(of: error))
        }
    }

    /// The same filter as a CSV file (UTF-8 with BOM for Excel), named after the moment it was made.
    func auditCSV(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireStaff()
        let (parsed, errors) = auditFilter(request)
        guard let filter = parsed else {
            return try errorPage(request, messageKey: errors.first ?? "error.invalid_input", status: .badRequest,
                                 csrf: current.session.csrfToken, staff: current.staff)
        }
        // A refusal is answered by ErrorPresenter.Pages.
        let csv = try await bank.audit.csv(filter, by: .staff(current.staff), client: client(request, context),
                                          labels: csvLabels(language(request)))
        let stamp = AuditCSV.isoJST(bank.clock.now()).prefix(19).filter(\.isNumber)
        return Response(status: .ok, headers: [
            .contentType: "text/csv; charset=utf-8",
            .contentDisposition: "attachment; filename=\"kyoei-audit-\(stamp).csv\"",
        ], body: .init(byteBuffer: ByteBuffer(string: csv)))
    }

    /// The CSV's label columns, in the staff's language, after the stored ones (which scripts read).
    func csvLabels(_ lang: Language) -> AuditCSVLabels {
        AuditCSVLabels(header: Self.csvLabelHeader) { event in
            let row = self.auditRow(event, lang)
            return [row.eventLabel, row.result, row.actor, row.inForce, row.presented, row.detail, row.channel]
        }
    }

    static let csvLabelHeader = ["event_label", "result_label", "actor_label", "factors_in_force_label",
                                 "factors_presented_label", "detail_label", "channel_label"]

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
                            from: period.from, to: period.to, requestID: Self.queryValue(request, "request_id")), [])
    }

    /// The events a typed イベント means: the event of that name or of that label (Japanese or
    /// English, as the list offers them), else every event whose label contains the text
    /// (「ログイン」 finds each kind of login). None: the field is wrong.
    static func auditEvents(matching typed: String) -> [String] {
        let text = typed.trimmingCharacters(in: .whitespaces)
        let folded = text.lowercased()
        func labels(_ name: AuditEventName) -> [String] {
            Language.allCases.compactMap { $0.strings[name.labelKey] }
        }
        if let name = AuditEventName(rawValue: text) { return [name.rawValue] }
        let exact = auditEventChoices.filter { labels($0).contains { $0.lowercased() == folded } }
        if !exact.isEmpty { return exact.map(\.rawValue) }
        // An event name the list does not offer (written by a newer version) is still searched for.
        if text.count <= 64, text.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }), text.contains("_") {
            return [text]
        }
        return auditEventChoices.filter { labels($0).contains { $0.lowercased().contains(folded) } }.map(\.rawValue)
    }
}
