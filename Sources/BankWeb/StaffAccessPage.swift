import BankCore
import BankServices
import BankStore
import Foundation
import Hummingbird

/// アクセス回復・振込限度額 for one customer: each lock with a request to clear it, the OTP
/// reset for a lost phone (reason and 本人確認), stopping the メール通知パスワード, and the
/// 振込限度額 (lowered at once, raised by request). Requests wait for a 役席's approval
/// (/staff/requests). Reading the page is a `staff_view` of the customer (customerDetail).
extension StaffSite {
    func accessPage(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let gate = try await requireStaff(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        guard let id = Self.positiveID(context.parameters.get("id")) else { return try customerNotFound(request, current) }
        let notice = Self.queryValue(request, "done") == "limit" ? "staff_access_limit_applied" : nil
        return try await renderAccess(request, context, current, customerID: id, notice: notice)
    }

    /// 申請: an unlock, an OTP reset or a mail-password stop (the form's `kind`).
    func submitAccessRequest(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let gate = try await requireStaff(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        guard let id = Self.positiveID(context.parameters.get("id")) else { return try customerNotFound(request, current) }
        let form = try await FormBody.read(request, context: context)
        guard verifyForm(request, form: form, session: current.session) else { return try csrfRefusal(request, current) }
        guard let kind = AccessRequestKind(rawValue: form.value("kind")), kind != .transferLimit, kind != .mailAddress else {
            return try await renderAccess(request, context, current, customerID: id, errors: ["error.invalid_input"],
                                          status: .badRequest)
        }
        let input = AccessRequestForm(kind: kind, credential: form.value("credential"), reason: form.value("reason"),
                                      identityDocument: form.value("identity_document"), identityNote: form.value("identity_note"))
        do {
            let made = try await bank.requestAccessChange(customerID: id, input, by: current.staff, client: client(request, context))
            return HTTPResponses.redirect(to: "/staff/requests/\(made.id)?made=1")
        } catch let error as BankError {
            return try await renderAccess(request, context, current, customerID: id, failed: (kind, form, error))
        }
    }

    /// 振込限度額変更: applied at once when lower, otherwise a request.
    func submitLimitChange(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let gate = try await requireStaff(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        guard let id = Self.positiveID(context.parameters.get("id")) else { return try customerNotFound(request, current) }
        let form = try await FormBody.read(request, context: context)
        guard verifyForm(request, form: form, session: current.session) else { return try csrfRefusal(request, current) }
        do {
            switch try await bank.changeTransferLimit(customerID: id, amount: form.value("amount"), reason: form.value("reason"),
                                                      by: current.staff, client: client(request, context)) {
            case .applied: return HTTPResponses.redirect(to: "/staff/customers/\(id)/access?done=limit")
            case .requested(let made): return HTTPResponses.redirect(to: "/staff/requests/\(made.id)?made=1")
            }
        } catch let error as BankError {
            return try await renderAccess(request, context, current, customerID: id, failed: (.transferLimit, form, error))
        }
    }

    private func renderAccess(_ request: Request, _ context: BankRequestContext, _ current: StaffSession, customerID: Int64,
                              notice: String? = nil, errors: [String] = [], status: HTTPResponse.Status = .ok,
                              failed: (AccessRequestKind, FormBody, BankError)? = nil) async throws -> Response {
        let lang = language(request)
        let detail: CustomerDetail
        let requests: [AccessRequestRecord]
        do {
            detail = try await bank.customerDetail(customerID: customerID, by: current.staff, client: client(request, context))
            requests = try await bank.accessRequests(status: nil, customerID: customerID, limit: 50, by: current.staff,
                                                     client: client(request, context))
        } catch let error as BankError {
            return try errorPage(request, messageKey: Self.messageKey(error), status: Self.status(of: error),
                                 csrf: current.session.csrfToken, staff: current.staff)
        }
        var values = baseContext(request, titleKey: "staff_access_title", csrf: current.session.csrfToken, staff: current.staff)
        values["customer"] = profileRow(detail.customer, lang)
        values["may_request"] = StaffRole.counterWorkers.contains(current.staff.role)
        values["credentials"] = detail.credentials.map { state -> [String: Any] in
            var row = credentialRow(state, lang)
            row["pending"] = requests.contains { $0.status == .pending && $0.kind == .unlock && $0.target == state.credential.rawValue }
            return row
        }
        values["factor"] = factorRow(detail.factors, lang)
        values["has_token"] = detail.factors.token != nil
        values["has_mail_password"] = detail.factors.mailPassword != nil
        values["identity_documents"] = IdentityDocument.allCases.map { ["value": $0.rawValue, "label": lang.text($0.labelKey)] }
        values["daily_limit"] = detail.dailyLimit.limit.formatted
        values["daily_limit_default"] = detail.dailyLimit.isDefault
        values["requests"] = requests.map { requestRow($0, lang) }
        values["has_requests"] = !requests.isEmpty
        if let notice { values["notice"] = lang.text(notice) }
        var messages = errors.map { lang.text($0) }
        var status = status
        if let (kind, form, error) = failed {
            messages += self.messages(error, lang)
            status = Self.status(of: error)
            values["failed_\(kind.rawValue)"] = true
            values["failed_credential"] = form.value("credential")
            values["reason_value"] = form.value("reason")
            values["identity_note_value"] = form.value("identity_note")
            values["amount_value"] = form.value("amount")
            values["identity_documents"] = IdentityDocument.allCases.map {
                ["value": $0.rawValue, "label": lang.text($0.labelKey), "selected": $0.rawValue == form.value("identity_document")]
            }
        }
        values["errors"] = messages
        return try page("staff_access", values, status: status)
    }

    func requestRow(_ request: AccessRequestRecord, _ lang: Language) -> [String: Any] {
        var what = lang.text(request.kind.labelKey)
        if let credential = request.credential { what += "（\(lang.text(credential.labelKey))）" }
        if request.kind == .mailAddress {
            what += "（\(lang.text("staff_request_address.\(request.target)"))→ \(request.newValue)）"
        }
        if request.kind == .transferLimit {
            what += "（\(request.amount?.formatted ?? lang.text("staff_access_limit_default"))）"
        }
        return [
            "id": String(request.id),
            "customer_id": String(request.customerID),
            "login_id": request.customerLoginID,
            "customer_name": request.customerName,
            "what": what,
            "kind": request.kind.rawValue,
            "reason": request.reason,
            // False, not "": Mustache renders a section over an empty string (an empty row).
            "identity": request.identityDocument.map { lang.text($0.labelKey) + (request.identityNote.isEmpty ? "" : "（\(request.identityNote)）") as Any }
                ?? false,
            "status": lang.text(request.status.labelKey),
            "status_class": request.status.rawValue,
            "pending": request.status == .pending,
            "requested_by": request.requestedByStaffID,
            "requested_at": formatTimestamp(request.requestedAt),
            "decided_by": request.decidedByStaffID ?? "—",
            "decided_at": request.decidedAt.map(formatTimestamp) ?? "—",
            "decision_note": request.decisionNote.isEmpty ? false : request.decisionNote as Any,
            "outcome": request.outcome.isEmpty ? false : AuditDetailText.label(request.outcome, lang) as Any,
        ]
    }

    func customerNotFound(_ request: Request, _ current: StaffSession) throws -> Response {
        try errorPage(request, messageKey: "error.staff.customer_not_found", status: .notFound,
                      csrf: current.session.csrfToken, staff: current.staff)
    }

    func csrfRefusal(_ request: Request, _ current: StaffSession) throws -> Response {
        try errorPage(request, messageKey: "error.csrf", status: .forbidden, csrf: current.session.csrfToken, staff: current.staff)
    }
}
