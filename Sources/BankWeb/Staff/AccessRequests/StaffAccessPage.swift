import BankCore
import BankServices
import Foundation
import Hummingbird

/// アクセス回復・振込限度額 for one customer: each lock with a request to clear it, the OTP
/// reset for a lost phone (reason and 本人確認), stopping the メール通知パスワード, and the
/// 振込限度額 (lowered at once, raised by request). Requests wait for a 役席's approval
/// (/staff/requests). Reading the page is a `staff_view` of the customer (customerDetail).
extension StaffSite {
    func accessPage(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireStaff()
        guard let id = Self.positiveID(context.parameters.get("id")) else { return try customerNotFound(request, current) }
        let notice = Self.queryValue(request, "done") == "limit" ? "staff_access.limit_applied" : nil
        return try await renderAccess(request, context, current, customerID: id, notice: notice)
    }

    /// 申請: an unlock, an OTP reset or a mail-password stop (the form's `kind`).
    func submitAccessRequest(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireStaff()
        guard let id = Self.positiveID(context.parameters.get("id")) else { return try customerNotFound(request, current) }
        let form = try await FormBody.read(request, context: context)
        guard let kind = AccessRequestKind(rawValue: form.value("kind")), kind != .transferLimit, kind != .mailAddress, kind != .scheduledTransferCancel else {
            return try await renderAccess(request, context, current, customerID: id, errors: ["error.invalid_input"],
                                          status: .badRequest)
        }
        let input = AccessRequestForm(kind: kind, credential: form.value("credential"), reason: form.value("reason"),
                                      identityDocument: form.value("identity_document"), identityNote: form.value("identity_note"))
        do {
            let made = try await bank.accessRequests.request(customerID: id, input, by: .staff(current.staff), client: client(request, context))
            return HTTPResponses.redirect(to: StaffRoute.request(id: made.id), query: ["made": "1"])
        } catch let error as BankError {
            return try await renderAccess(request, context, current, customerID: id, failed: (kind, form, error))
        }
    }

    /// 振込限度額変更: applied at once when lower, otherwise a request.
    func submitLimitChange(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireStaff()
        guard let id = Self.positiveID(context.parameters.get("id")) else { return try customerNotFound(request, current) }
        let form = try await FormBody.read(request, context: context)
        do {
            switch try await bank.accessRequests.changeTransferLimit(customerID: id, amount: form.value("amount"), reason: form.value("reason"),
                                                      by: .staff(current.staff), client: client(request, context)) {
            case .applied: return HTTPResponses.redirect(to: StaffRoute.access(customerID: id), query: ["done": "limit"])
            case .requested(let made): return HTTPResponses.redirect(to: StaffRoute.request(id: made.id), query: ["made": "1"])
            }
        } catch let error as BankError {
            return try await renderAccess(request, context, current, customerID: id, failed: (.transferLimit, form, error))
        }
    }

    private func renderAccess(_ request: Request, _ context: BankRequestContext, _ current: StaffSession, customerID: Int64,
                              notice: String? = nil, errors: [String] = [], status: HTTPResponse.Status = .ok,
                              failed: (AccessRequestKind, FormBody, BankError)? = nil) async throws -> Response {
        let lang = language(request)
        // A refusal is answered by ErrorPresenter.Pages.
        let detail = try await bank.backOffice.customerDetail(customerID: customerID, by: .staff(current.staff),
                                                              client: client(request, context))
        let requests = try await bank.accessRequests.list(status: nil, customerID: customerID, limit: 50, by: .staff(current.staff),
                                                          client: client(request, context))
        let customerID = detail.customer.id
        var model = StaffAccessPageModel(
            customer: profileRow(detail.customer, lang), customerPath: StaffRoute.customer(id: customerID).path,
            accessPath: StaffRoute.access(customerID: customerID).path, limitPath: StaffRoute.limit(customerID: customerID).path,
            mayRequest: StaffRole.counterWorkers.contains(current.staff.role),
            credentials: detail.credentials.map { state in
                let row = credentialRow(state, lang)
                return .init(credential: row.credential, name: row.name, failures: row.failures, locked: row.locked,
                             lockedAt: row.lockedAt,
                             pending: requests.contains { $0.status == .pending && $0.kind == .unlock && $0.target == state.credential.rawValue })
            },
            factor: factorRow(detail.factors, lang), hasToken: detail.factors.token != nil,
            hasMailPassword: detail.factors.mailPassword != nil,
            identityDocuments: IdentityDocument.allCases.map { SelectOption(value: $0.rawValue, label: lang.text($0.labelKey), selected: false) },
            dailyLimit: detail.dailyLimit.limit.formatted, dailyLimitDefault: detail.dailyLimit.isDefault,
            requests: requests.map { requestRow($0, lang) }, hasRequests: !requests.isEmpty)
        var messages = errors.map { lang.text($0) }
        var status = status
        if let (kind, form, error) = failed {
            messages += self.messages(error, lang)
            status = ErrorPresenter.status(of: error)
            model.failedOTPReset = kind == .otpReset
            model.failedMailPasswordOff = kind == .mailPasswordOff
            model.failedTransferLimit = kind == .transferLimit
            model.reasonValue = form.value("reason")
            model.identityNoteValue = form.value("identity_note")
            model.amountValue = form.value("amount")
            model.identityDocuments = IdentityDocument.allCases.map {
                SelectOption(value: $0.rawValue, label: lang.text($0.labelKey), selected: $0.rawValue == form.value("identity_document"))
            }
        }
        return try page("staff_access", model, chrome(request, titleKey: "staff_access.title", current, notice: notice.map { lang.text($0) },
                                                      errors: messages), status: status)
    }
}
