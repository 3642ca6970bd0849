import BankCore
import BankServices
import BankStore
import Foundation
import Hummingbird

/// 顧客詳細: personal data, mail addresses, accounts and balances, the extra factor with its
/// dates, every credential's counter and lock, recent logins and transfers, payees. Every
/// view is written to the audit trail by the service (`staff_view`).
extension StaffSite {
    func customerDetail(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let gate = try await requireStaff(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        let lang = language(request)
        // Not a number is a page that does not exist, like an id no customer has.
        guard let id = Self.positiveID(context.parameters.get("id")) else {
            return try errorPage(request, messageKey: "error.staff.customer_not_found", status: .notFound,
                                 csrf: current.session.csrfToken, staff: current.staff)
        }
        let detail: CustomerDetail
        do {
            detail = try await bank.customerDetail(customerID: id, by: current.staff, client: client(request, context))
        } catch let error as BankError {
            return try errorPage(request, messageKey: Self.messageKey(error), status: Self.status(of: error),
                                 csrf: current.session.csrfToken, staff: current.staff)
        }
        var values = baseContext(request, titleKey: "staff_customer_title", csrf: current.session.csrfToken, staff: current.staff)
        values["customer"] = profileRow(detail.customer, lang)
        values["accounts"] = detail.accounts.map { $0.templateRow(lang) }
        values["has_accounts"] = !detail.accounts.isEmpty
        values["factor"] = factorRow(detail.factors, lang)
        values["tokens"] = detail.tokens.map { tokenRow($0, lang) }
        values["has_tokens"] = !detail.tokens.isEmpty
        values["credentials"] = detail.credentials.map { credentialRow($0, lang) }
        values["daily_limit"] = detail.dailyLimit.limit.formatted
        values["daily_limit_default"] = detail.dailyLimit.isDefault
        values["daily_remaining"] = detail.dailyLimit.remainingToday.formatted
        values["logins"] = detail.recentLogins.map { auditRow($0, lang) }
        values["has_logins"] = !detail.recentLogins.isEmpty
        values["transfers"] = detail.recentTransfers.map { transferRow($0, lang) }
        values["has_transfers"] = !detail.recentTransfers.isEmpty
        values["customer_payees"] = detail.payees.customerRegistered.map { payeeRow($0, lang) }
        values["has_customer_payees"] = !detail.payees.customerRegistered.isEmpty
        values["bank_payees"] = detail.payees.bankRegistered.map { payeeRow($0, lang) }
        values["has_bank_payees"] = !detail.payees.bankRegistered.isEmpty
        values["compensation_now"] = assessmentRow(detail.compensationNow, lang)
        values["recent_count"] = String(CustomerDetail.recentCount)
        values["can_counter"] = StaffRole.counterWorkers.contains(current.staff.role)
        values["notice"] = counterNotice(request, lang, accounts: detail.accounts)
        return try page("staff_customer", values)
    }

    func profileRow(_ customer: CustomerSummary, _ lang: Language) -> [String: Any] {
        [
            "id": String(customer.id),
            "login_id": customer.loginID,
            "name_kanji": customer.nameKanji,
            "name_kana": customer.nameKana,
            "pc_email": customer.pcEmail,
            "mobile_email": customer.mobileEmail ?? "—",
            "status": statusValues(customer, lang),
            "created_at": formatTimestamp(customer.createdAt),
            "last_login": customer.lastLoginAt.map(formatTimestamp) ?? "—",
            "previous_login": customer.previousLoginAt.map(formatTimestamp) ?? "—",
        ]
    }

    /// 追加認証の状態: none / token issued / token set up / OTP active / mail password on.
    func factorRow(_ overview: FactorOverview, _ lang: Language) -> [String: Any] {
        var row: [String: Any] = ["otp_locked": overview.otpLocked, "token": false, "mail_password": false]
        switch overview.state {
        case .none:
            row["state"] = lang.text("staff_factor.none")
            row["state_class"] = "none"
        case .otpPending(let status):
            row["state"] = lang.text("staff_factor.\(status.rawValue)")
            row["state_class"] = "otp-\(status.rawValue)"
        case .otpActive:
            row["state"] = lang.text("staff_factor.active")
            row["state_class"] = "otp-active"
        case .mailPassword:
            row["state"] = lang.text("staff_factor.mail_password")
            row["state_class"] = "mail-password"
        }
        if let token = overview.token { row["token"] = tokenRow(token, lang) }
        if let setting = overview.mailPassword {
            row["mail_password"] = ["address": setting.address, "enabled_at": formatTimestamp(setting.enabledAt)]
        }
        return row
    }

    func tokenRow(_ token: OTPTokenRecord, _ lang: Language) -> [String: Any] {
        [
            "user_id": token.userID,
            "status": label("staff_token_status.\(token.status.rawValue)", or: token.status.rawValue, lang),
            "mobile_email": token.mobileEmail,
            "issued_at": formatTimestamp(token.issuedAt),
            "setup_expires_at": formatTimestamp(token.setupExpiresAt),
            "provisioned_at": token.provisionedAt.map(formatTimestamp) ?? "—",
            "activated_at": token.activatedAt.map(formatTimestamp) ?? "—",
            "ended_at": token.endedAt.map(formatTimestamp) ?? "—",
            // A reason the bank typed (an OTP reset's) is shown as typed; the services' own are labelled.
            "end_reason": token.endReason.map { label("staff_token_end_reason.\($0)", or: $0, lang) } ?? "",
        ]
    }

    func credentialRow(_ state: CredentialState, _ lang: Language) -> [String: Any] {
        [
            "credential": state.credential.rawValue,
            "name": lang.text(state.credential.labelKey),
            "failures": String(state.failures),
            "locked": state.isLocked,
            "locked_at": state.lockedAt.map(formatTimestamp) ?? "",
        ]
    }

    func transferRow(_ transfer: TransferRecord, _ lang: Language) -> [String: Any] {
        [
            "id": String(transfer.id),
            "reception_number": transfer.receptionNumber,
            "at": formatTimestamp(transfer.createdAt),
            "route": label("transfer.route.\(transfer.route)", or: transfer.route, lang),
            "destination": "\(transfer.bankCode)-\(transfer.branchCode) \(lang.text(transfer.accountType.labelKey)) "
                + "\(transfer.accountNumber) \(transfer.holderName)",
            "amount": transfer.amount.formatted,
            "fee": transfer.fee.formatted,
            "status": lang.text("transfer.status.\(transfer.status.rawValue)"),
            "presented": factorList(transfer.factors.presented, lang),
            "ip": transfer.ip,
        ]
    }

    func payeeRow(_ payee: PayeeView, _ lang: Language) -> [String: Any] {
        [
            "id": String(payee.record.id),
            "customer_id": String(payee.record.customerID),
            "bank": "\(payee.bankName)（\(payee.record.bankCode)）",
            "branch": "\(payee.branchName)（\(payee.record.branchCode)）",
            "type": lang.text(payee.record.accountType.labelKey),
            "number": payee.record.accountNumber,
            "holder": payee.record.holderName,
        ]
    }
}
