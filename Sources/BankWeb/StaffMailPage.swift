import BankCore
import BankServices
import BankStore
import Foundation
import Hummingbird

/// メール送信状況: the outbox newest first, filtered by status, with 再送 for a failed mail and
/// 失敗分をすべて再送. Never a body: the service hands out none.
extension StaffSite {
    func mailOutbox(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let gate = try await requireStaff(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        let lang = language(request)
        let status = Self.queryValue(request, "status").flatMap(OutboxStatus.init(rawValue:))
        var notices: [String] = []
        if Self.queryValue(request, "done") == "retried", let id = Self.positiveID(Self.queryValue(request, "id")) {
            notices.append(lang.text("staff_mail_retried", String(id)))
        }
        if Self.queryValue(request, "done") == "retried_all" {
            notices.append(lang.text("staff_mail_retried_all", String(Int(Self.queryValue(request, "count") ?? "") ?? 0)))
            if let left = Int(Self.queryValue(request, "left") ?? ""), left > 0 {
                notices.append(lang.text("staff_mail_erased_left", String(left)))
            }
        }
        return try await renderMail(request, context, current, status: status, notices: notices)
    }

    func retryMail(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let post = try await operationsPost(request, context)
        guard case .accepted(let current, let form) = post else { return post.refusedResponse }
        let status = OutboxStatus(rawValue: form.value("status"))
        guard let id = Self.positiveID(context.parameters.get("id")) else {
            return try await renderMail(request, context, current, status: status, error: MailRetryRefusal.notFound)
        }
        do {
            _ = try await bank.retryMail(id: id, by: current.staff, client: client(request, context))
            // To every status: the mail is no longer among the failed ones.
            return HTTPResponses.redirect(to: mailLocation(nil, "done=retried&id=\(id)"))
        } catch {
            return try await renderMail(request, context, current, status: status, error: error)
        }
    }

    func retryAllFailedMail(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let post = try await operationsPost(request, context)
        guard case .accepted(let current, let form) = post else { return post.refusedResponse }
        let status = OutboxStatus(rawValue: form.value("status"))
        do {
            let result = try await bank.retryAllFailedMail(by: current.staff, client: client(request, context))
            return HTTPResponses.redirect(to: mailLocation(status, "done=retried_all&count=\(result.queued.count)&left=\(result.erasedLeft)"))
        } catch {
            return try await renderMail(request, context, current, status: status, error: error)
        }
    }

    private func mailLocation(_ status: OutboxStatus?, _ query: String) -> String {
        "/staff/mail?" + (status.map { "status=\($0.rawValue)&" } ?? "") + query
    }

    /// The list (read again, so a refusal shows the mail as it is now) with the notices or the refusal.
    private func renderMail(_ request: Request, _ context: BankRequestContext, _ current: StaffSession, status: OutboxStatus?,
                            notices: [String] = [], error: (any Error)? = nil) async throws -> Response {
        let lang = language(request)
        var values = baseContext(request, titleKey: "staff_mail_title", csrf: current.session.csrfToken, staff: current.staff)
        values["notices"] = notices
        values["status_value"] = status?.rawValue ?? ""
        values["may_operate"] = Self.mayOperate(current.staff)
        if let error {
            let key = (error as? MailRetryRefusal)?.messageKey ?? (error as? BankError).map(Self.messageKey) ?? "error.invalid_input"
            values["errors"] = [lang.text(key)]
        }
        let overview = try await bank.mailOutbox(status: status, by: current.staff, client: client(request, context))
        values["filters"] = statusFilterLinks(
            path: "/staff/mail", statuses: OutboxStatus.allCases.map(\.rawValue),
            counts: Dictionary(uniqueKeysWithValues: overview.counts.map { ($0.key.rawValue, $0.value) }),
            current: status?.rawValue, labelPrefix: "staff_mail_status", lang)
        values["rows"] = overview.entries.map { mailRow($0, lang) }
        values["has_rows"] = !overview.entries.isEmpty
        values["row_count"] = lang.text("staff_rows_shown", String(overview.entries.count))
        values["has_failed"] = (overview.counts[.failed] ?? 0) > 0
        if overview.truncated { values["truncated"] = lang.text("staff_rows_truncated", String(overview.entries.count)) }
        return try page("staff_mail", values, status: error.map(Self.operationsStatus) ?? .ok)
    }

    private func mailRow(_ mail: OutboxEntry, _ lang: Language) -> [String: Any] {
        [
            "id": String(mail.id),
            "created_at": formatTimestamp(mail.createdAt),
            "kind": label("staff_mail_kind.\(mail.kind)", or: mail.kind, lang),
            "kind_code": mail.kind,
            "recipients": mail.recipients.joined(separator: ", "),
            "customer_id": mail.customerID.map { String($0) as Any } ?? false,
            "subject": mail.subject ?? lang.text("staff_mail_erased"),
            "erased": mail.isErased,
            "secret": mail.containsSecret,
            "urgent": mail.urgent,
            "status": lang.text("staff_mail_status.\(mail.status.rawValue)"),
            "status_class": mail.status.rawValue,
            "attempts": String(mail.attempts),
            // False, not "": Mustache renders a section over an empty string.
            "next_attempt": mail.status == .queued
                ? lang.text("staff_mail_next") + " " + formatTimestamp(mail.nextAttemptAt) as Any : false,
            "sent_at": mail.sentAt.map(formatTimestamp) ?? "—",
            "last_error": mail.lastError ?? "—",
            "can_retry": mail.canRetry,
        ]
    }
}
