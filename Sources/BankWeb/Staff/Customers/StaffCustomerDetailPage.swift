import BankCore
import BankServices
import Foundation
import Hummingbird

/// 顧客詳細: personal data, mail addresses, accounts and balances, the extra factor with its
/// dates, every credential's counter and lock, recent logins and transfers, payees. Every
/// view is written to the audit trail by the service (`staff_view`).
extension StaffSite {
    func customerDetail(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireStaff()
        let lang = language(request)
        // Not a number is a page that does not exist, like an id no customer has.
        guard let id = Self.positiveID(context.parameters.get("id")) else {
            return try customerNotFound(request, current)
        }
        // A refusal is answered by ErrorPresenter.Pages.
        let detail: CustomerDetail = try await bank.backOffice.customerDetail(customerID: id, by: .staff(current.staff), client: client(request, context))
        let model = StaffCustomerDetailPageModel(
            customer: profileRow(detail.customer, lang), customerLinks: .init(customerID: detail.customer.id, loginID: detail.customer.loginID),
            accounts: detail.accounts.map { AccountRow($0, lang) }, hasAccounts: !detail.accounts.isEmpty,
            factor: factorRow(detail.factors, lang),
            tokens: detail.tokens.map { tokenRow($0, lang) }, hasTokens: !detail.tokens.isEmpty,
            credentials: detail.credentials.map { credentialRow($0, lang) },
            dailyLimit: detail.dailyLimit.limit.formatted, dailyLimitDefault: detail.dailyLimit.isDefault,
            dailyRemaining: detail.dailyLimit.remainingToday.formatted,
            dailyLimitRaised: detail.dailyLimit.inForce.raise.map {
                lang.text("staff_customer.limit_raised", formatTimestamp($0.requestedAt), formatTimestamp($0.effectiveAt))
            },
            pendingRaise: LocalOptional(detail.dailyLimit.pendingRaise.map {
                limitRaiseRow(PendingLimitRaise(raise: $0, customerID: detail.customer.id, loginID: detail.customer.loginID,
                                                nameKanji: detail.customer.nameKanji, nameKana: detail.customer.nameKana, ip: ""), lang)
            }),
            logins: detail.recentLogins.map { auditRow($0, lang) }, hasLogins: !detail.recentLogins.isEmpty,
            transfers: detail.recentTransfers.map { transferRow($0, lang) }, hasTransfers: !detail.recentTransfers.isEmpty,
            customerPayees: detail.payees.customerRegistered.map { payeeRow($0, lang) },
            hasCustomerPayees: !detail.payees.customerRegistered.isEmpty,
            bankPayees: detail.payees.bankRegistered.map { payeeRow($0, lang) },
            hasBankPayees: !detail.payees.bankRegistered.isEmpty,
            compensationNow: assessmentRow(detail.compensationNow, lang),
            canCounter: StaffRole.counterWorkers.contains(current.staff.role))
        return try page("staff_customer", model, chrome(request, titleKey: "staff_customer.title", current,
                                                        notice: counterNotice(request, lang, accounts: model.accounts)))
    }

    /// 顧客詳細's message after a counter action (`?done=…`): only known keys are shown.
    func counterNotice(_ request: Request, _ lang: Language, accounts: [AccountRow]) -> String? {
        guard let done = Self.queryValue(request, "done"), Self.counterNotices.contains(done) else { return nil }
        if done == "account_opened", let id = Self.positiveID(Self.queryValue(request, "account")),
           let account = accounts.first(where: { $0.id == String(id) }) {
            return lang.text("staff_counter_done.account_opened_number", account.branch, account.type, account.number)
        }
        return lang.text("staff_counter_done.\(done)")
    }

    static let counterNotices: Set<String> = [
        "account_opened", "payee_registered", "payee_removed", "mail_address_changed", "limit_raise_cancelled",
    ]
}
