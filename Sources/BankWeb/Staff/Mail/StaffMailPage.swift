import BankCore
import BankServices
import Foundation
import Hummingbird

/// メール送信状況: the outbox newest first, filtered by status, with 再送 for a failed mail and
/// 失敗分をすべて再送. Never a body: the service hands out none.
extension StaffSite {
    func mailOutbox(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireStaff()
        let lang = language(request)
        let status = Self.queryValue(request, "status").flatMap(OutboxStatus.init(rawValue:))
        var notices: [String] = []
        if Self.queryValue(request, "done") == "retried", let id = Self.positiveID(Self.queryValue(request, "id")) {
            notices.append(lang.text("staff_mail.retried", String(id)))
        }
        if Self.queryValue(request, "done") == "retried_all" {
            notices.append(lang.text("staff_mail.retried_all", String(Int(Self.queryValue(request, "count") ?? "") ?? 0)))
            if let left = Int(Self.queryValue(request, "left") ?? ""), left > 0 {
                notices.append(lang.text("staff_mail.erased_left", String(left)))
            }
        }
        return try await renderMail(request, context, current, status: status, notices: notices)
    }

    func retryMail(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let current = try context.requireStaff()
        let status = OutboxStatus(rawValue: form.value("status"))
        guard let id = Self.positiveID(context.parameters.get("id")) else {
            return try await renderMail(request, context, current, status: status, error: MailRetryRefusal.notFound)
        }
        do {
            _ = try await bank.mailOutbox.retry(id: id, by: .staff(current.staff), client: client(request, context))
            // To every status: the mail is no longer among the failed ones.
            return HTTPResponses.redirect(to: mailLocation(nil, "done=retried&id=\(id)"))
        } catch {
            return try await renderMail(request, context, current, status: status, error: error)
        }
    }

    func retryAllFailedMail(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let current = try context.requireStaff()
        let status = OutboxStatus(rawValue: form.value("status"))
        do {
            let result = try await bank.mailOutbox.retryAllFailed(by: .staff(current.staff), client: client(request, context))
            return HTTPResponses.redirect(to: mailLocation(status, "done=retried_all&count=\(result.queued.count)&left=\(result.erasedLeft)"))
        } catch {
            return try await renderMail(request, context, current, status: status, error: error)
        }
    }

    private func mailLocation(_ status: OutboxStatus?, _ query: String) -> String {
        StaffRoute.mail.path + "?" + (status.map { "status=\($0.rawValue)&" } ?? "") + query
    }

    /// The list (read again, so a refusal shows the mail as it is now) with the notices or the refusal.
    private func renderMail(_ request: Request, _ context: BankRequestContext, _ current: StaffSession, status: OutboxStatus?,
                            notices: [String] = [], error: (any Error)? = nil) async throws -> Response {
        let lang = language(request)
        var errors: [String] = []
        if let error {
            let key = (error as? MailRetryRefusal)?.messageKey ?? (error as? BankError).map(Self.messageKey) ?? "error.invalid_input"
            errors = [lang.text(key)]
        }
        let overview = try await bank.mailOutbox.overview(status: status, by: .staff(current.staff), client: client(request, context))
        let model = StaffMailPageModel(
            notices: notices, statusValue: status?.rawValue ?? "", mayOperate: Self.mayOperate(current.staff),
            filters: statusFilterLinks(
                route: .mail, statuses: OutboxStatus.allCases.map(\.rawValue),
                counts: Dictionary(uniqueKeysWithValues: overview.counts.map { ($0.key.rawValue, $0.value) }),
                current: status?.rawValue, labelPrefix: "staff_mail_status", lang),
            rows: overview.entries.map { mailRow($0, lang) }, hasRows: !overview.entries.isEmpty,
            rowCount: lang.text("staff.rows_shown", String(overview.entries.count)),
            hasFailed: (overview.counts[.failed] ?? 0) > 0,
            truncated: overview.truncated ? lang.text("staff.rows_truncated", String(overview.entries.count)) : nil)
        return try page("staff_mail", model, chrome(request, titleKey: "staff_mail.title", current, errors: errors),
                        status: error.map(ErrorPresenter.status(of:)) ?? .ok)
    }

    private func mailRow(_ mail: OutboxEntry, _ lang: Language) -> StaffMailPageModel.Row {
        StaffMailPageModel.Row(
            id: String(mail.id), createdAt: formatTimestamp(mail.createdAt),
            kind: label("staff_mail_kind.\(mail.kind)", or: mail.kind, lang), kindCode: mail.kind,
            recipients: mail.recipients.joined(separator: ", "),
            customerID: LocalOptional(mail.customerID.map { String($0) }),
            customerPath: mail.customerID.map { StaffRoute.customer(id: $0).path } ?? "",
            subject: mail.subject ?? lang.text("staff_mail.erased"), erased: mail.isErased, secret: mail.containsSecret,
            urgent: mail.urgent, status: lang.text("staff_mail_status.\(mail.status.rawValue)"),
            statusClass: mail.status.rawValue, attempts: String(mail.attempts),
            nextAttempt: LocalOptional(mail.status == .queued
                ? lang.text("staff_mail.next") + " " + formatTimestamp(mail.nextAttemptAt) : nil),
            sentAt: mail.sentAt.map(formatTimestamp) ?? "—", lastError: mail.lastError ?? "—", canRetry: mail.canRetry,
            retryPath: StaffRoute.mailRetry(id: mail.id).path)
    }
}
