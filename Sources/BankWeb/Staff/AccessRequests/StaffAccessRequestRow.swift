import BankCore
import BankServices
import Foundation

/// One access request as the lists and the request's own page show it: what is asked, by
/// whom, and how it was decided.
struct StaffAccessRequestRow {
    let id: String
    let path: String
    let customerID: String
    let customerPath: String
    let loginID: String
    let customerName: String
    let what: String
    let kind: String
    let reason: String
    let identity: LocalOptional<String>
    let status: String
    let statusClass: String
    let pending: Bool
    let requestedBy: String
    let requestedAt: String
    let decidedBy: String
    let decidedAt: String
    let decisionNote: LocalOptional<String>
    let outcome: LocalOptional<String>
}

extension StaffSite {
    func requestRow(_ request: AccessRequestView, _ lang: Language) -> StaffAccessRequestRow {
        var what = lang.text(request.kind.labelKey)
        if let credential = request.credential { what += "（\(lang.text(credential.labelKey))）" }
        if request.kind == .mailAddress {
            what += "（\(lang.text("staff_request_address.\(request.target)"))→ \(request.newValue)）"
        }
        if request.kind == .scheduledTransferCancel {
            what += "（\(lang.text("staff_scheduled.reception")) \(request.target)）"
        }
        if request.kind == .transferLimit {
            what += "（\(request.amount?.formatted ?? lang.text("staff_access.limit_default"))）"
        }
        return StaffAccessRequestRow(
            id: String(request.id), path: StaffRoute.request(id: request.id).path, customerID: String(request.customerID),
            customerPath: StaffRoute.customer(id: request.customerID).path, loginID: request.customerLoginID,
            customerName: request.customerName, what: what, kind: request.kind.rawValue, reason: request.reason,
            // Present or false, never absent: a missing name would be looked up in the page around the row.
            identity: LocalOptional(request.identityDocument.map {
                lang.text($0.labelKey) + (request.identityNote.isEmpty ? "" : "（\(request.identityNote)）")
            }),
            status: lang.text(request.status.labelKey), statusClass: request.status.rawValue,
            pending: request.status == .pending, requestedBy: request.requestedByStaffID,
            requestedAt: formatTimestamp(request.requestedAt), decidedBy: request.decidedByStaffID ?? "—",
            decidedAt: request.decidedAt.map(formatTimestamp) ?? "—",
            decisionNote: LocalOptional(request.decisionNote.isEmpty ? nil : request.decisionNote),
            outcome: LocalOptional(request.outcome.isEmpty ? nil : AuditDetailText.label(request.outcome, lang)))
    }
}
