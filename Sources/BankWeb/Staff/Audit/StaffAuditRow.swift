import BankCore
import BankServices
import Foundation

/// One audit row as 監査ログ, 顧客詳細's recent logins and the CSV's label columns show it.
struct StaffAuditRow {
    let id: String
    let at: String
    let event: String
    let eventLabel: String
    let result: String
    let resultClass: String
    let actor: String
    let customerID: LocalOptional<String>
    let loginID: String
    let ip: String
    let userAgent: String
    /// 経路 in the screen's words, and the request's id (to find its access log line).
    let channel: String
    let requestID: LocalOptional<String>
    let inForce: String
    let presented: String
    let detail: String
    /// 顧客詳細 of the customer the row is about, if any.
    let customerPath: String
}

extension StaffSite {
    func auditRow(_ event: AuditEventView, _ lang: Language) -> StaffAuditRow {
        StaffAuditRow(
            id: event.id.map(String.init) ?? "", at: formatTimestamp(event.at), event: event.event,
            eventLabel: eventLabel(event.event, lang), result: lang.text("staff_result.\(event.result.rawValue)"),
            resultClass: event.result.rawValue, actor: actorLabel(event.actor, lang),
            customerID: LocalOptional(event.customerID.map { String($0) }), loginID: event.loginID ?? "",
            ip: event.ip, userAgent: event.userAgent,
            channel: label("staff_audit.channel.\(event.channel)", or: event.channel, lang), requestID: LocalOptional(event.requestID),
            inForce: factorList(event.factors.inForce, lang),
            presented: factorList(event.factors.presented, lang),
            detail: AuditDetailText.label(event.detail, event: event.event, lang),
            customerPath: event.customerID.map { StaffRoute.customer(id: $0).path } ?? "")
    }

    /// Who acted: お客様, システム, or 職員 and their 職員ID (stored as `customer`, `system`, `staff:<id>`).
    func actorLabel(_ actor: String, _ lang: Language) -> String {
        switch AuditActor(stored: actor) {
        case .staff(let staffID): lang.text("staff_actor.staff", staffID)
        case .unknownStaff: lang.text("staff_actor.staff", "?")
        default: label("staff_actor.\(actor)", or: actor, lang)
        }
    }

    /// The event's name in the screen's language, when the catalog has one (a name no
    /// version of this bank wrote is shown as stored).
    func eventLabel(_ event: String, _ lang: Language) -> String {
        AuditEventName(rawValue: event).map { label($0.labelKey, or: event, lang) } ?? event
    }
}
