import BankCore
import BankServices
import BankStore
import Foundation
import Hummingbird

/// How the back-office screens show what they share: accounts, factors, audit rows, and
/// the query values they read.
extension StaffSite {
    /// `ログインパスワード・ワンタイムパスワード`, or `—` when there were none.
    func factorList(_ credentials: [Credential], _ lang: Language) -> String {
        credentials.isEmpty ? "—" : credentials.map { lang.text($0.labelKey) }.joined(separator: lang == .ja ? "・" : ", ")
    }

    /// 状態 as the list and the header show it: 利用中 and one badge per lock, so a customer
    /// who cannot log in or pay is never shown as simply 利用中.
    func statusValues(_ customer: CustomerSummary, _ lang: Language) -> [String: Any] {
        let status = label("staff_customer_status.\(customer.status)", or: customer.status, lang)
        let locks = customer.locks.map { credential in
            ["credential": credential.rawValue, "label": lang.text("staff_customer_lock", lang.text(credential.labelKey))]
        }
        return [
            "status": status,
            "locks": locks,
            "is_locked": !locks.isEmpty,
            // The whole state in words, for a screen reader and a tooltip: 利用中・ロック中（…）.
            "status_text": ([status] + locks.map { $0["label"]! }).joined(separator: lang == .ja ? "・" : ", "),
        ]
    }

    func auditRow(_ event: AuditEvent, _ lang: Language) -> [String: Any] {
        [
            "id": event.id.map(String.init) ?? "",
            "at": formatTimestamp(event.at),
            "event": event.event,
            "event_label": eventLabel(event.event, lang),
            "result": lang.text("staff_result.\(event.result.rawValue)"),
            "result_class": event.result.rawValue,
            "actor": actorLabel(event.actor, lang),
            // False, not "": Mustache renders a section over an empty string.
            "customer_id": event.customerID.map { String($0) as Any } ?? false,
            "login_id": event.loginID ?? "",
            "ip": event.ip,
            "user_agent": event.userAgent,
            "in_force": factorList(event.factors.inForce, lang),
            "presented": factorList(event.factors.presented, lang),
            "detail": AuditDetailText.label(event.detail, event: event.event, lang),
        ]
    }

    /// Who acted: お客様, システム, or 職員 and their 職員ID (stored as `customer`, `system`, `staff:<id>`).
    func actorLabel(_ actor: String, _ lang: Language) -> String {
        if actor.hasPrefix("staff:") { return lang.text("staff_actor.staff", String(actor.dropFirst("staff:".count))) }
        return label("staff_actor.\(actor)", or: actor, lang)
    }

    /// The event's name in the screen's language, when the string table has one.
    func eventLabel(_ event: String, _ lang: Language) -> String {
        label("staff_event.\(event)", or: event, lang)
    }

    /// The table's text for `key`, or `fallback` (a stored value a newer version may have written).
    func label(_ key: String, or fallback: String, _ lang: Language) -> String {
        let text = lang.text(key)
        return text == key ? fallback : text
    }

    /// The rule of the notice for one step: its label and the words it rests on.
    func assessmentRow(_ assessment: CompensationAssessment, _ lang: Language) -> [String: Any] {
        [
            "rule": lang.text(assessment.labelKey),
            "rule_class": assessment.rule.rawValue,
            "extra_in_force": factorList(assessment.extraFactorsInForce, lang),
            "extra_presented": factorList(assessment.extraFactorsPresented, lang),
        ]
    }

    /// The query string as a GET form sends it (`+` is a space, as in a POSTed form: a name
    /// typed with a space must arrive with one).
    static func query(_ request: Request) -> FormBody {
        FormBody(urlEncoded: request.uri.query ?? "")
    }

    /// A query value, trimmed, nil when absent or empty.
    static func queryValue(_ request: Request, _ name: String) -> String? {
        guard let raw = query(request)[name] else { return nil }
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : String(trimmed.prefix(64))
    }

    /// A positive id, or nil.
    static func positiveID(_ raw: String?) -> Int64? {
        guard let raw, let id = Int64(raw), id > 0 else { return nil }
        return id
    }

    /// A 開始日/終了日 pair from the query (days in Japan, both inclusive) as the half-open
    /// interval the services take: from the start of the first day to the start of the day
    /// after the last. A date that is not `YYYY-MM-DD` is an error naming the field.
    static func period(from rawFrom: String?, to rawTo: String?) -> (from: Date?, to: Date?, errors: [String]) {
        var errors: [String] = []
        var from: Date?, to: Date?
        if let rawFrom {
            if let day = JapanTime.Day(iso: rawFrom) { from = day.start } else { errors.append("error.staff.from_date") }
        }
        if let rawTo {
            if let day = JapanTime.Day(iso: rawTo) { to = day.nextDayStart } else { errors.append("error.staff.to_date") }
        }
        return (from, to, errors)
    }

    /// The messages of a refusal: each field error's, or the refusal's own.
    func messages(_ error: BankError, _ lang: Language) -> [String] {
        if case .invalidInput(let fields) = error {
            var seen: [String] = []
            for field in fields where !seen.contains(lang.text(field.messageKey)) { seen.append(lang.text(field.messageKey)) }
            return seen
        }
        return [lang.text(Self.messageKey(error))]
    }

    /// The refusal's message key, in the staff's words where the customer's would mislead.
    static func messageKey(_ error: BankError) -> String {
        error == .customerNotFound ? "error.staff.customer_not_found" : error.messageKey
    }

    /// The status a refusal is answered with.
    static func status(of error: BankError) -> HTTPResponse.Status {
        switch error {
        case .customerNotFound, .transferNotFound: .notFound
        case .staff(.forbidden): .forbidden
        default: .badRequest
        }
    }
}
