import BankCore
import BankServices
import Hummingbird

/// ログイン履歴: the last login attempts (日時, IP, browser, factors, 成功/失敗), so that a customer
/// can spot a login that was not theirs. A read; nothing changes.
extension CustomerSite {
    func loginHistory(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireCustomer()
        let lang = language(request)
        let entries = try await bank.history.logins(by: current.actor)
        let model = LoginHistoryPageModel(
            help: lang.text("login_history.help", String(HistoryService.loginCount)),
            rows: entries.map { loginHistoryRow($0, lang) }, empty: entries.isEmpty)
        return try page("login_history", model,
                        chrome(request, titleKey: "login_history.title", csrf: current.session.csrfToken, customer: current.customer))
    }

    private func loginHistoryRow(_ entry: LoginHistoryEntry, _ lang: Language) -> LoginHistoryPageModel.Row {
        let browser = entry.browser.browserName ?? lang.text("login_history.other_browser")
        let system = entry.browser.systemName ?? lang.text("login_history.other_system")
        let factors = entry.factorsPresented.isEmpty
            ? lang.text("login_history.no_factor")
            : entry.factorsPresented.map { lang.text($0.labelKey) }.joined(separator: lang == .ja ? "・" : ", ")
        return LoginHistoryPageModel.Row(
            at: formatDateTime(entry.at, lang), ip: entry.ip.isEmpty ? "—" : entry.ip,
            browser: lang == .ja ? "\(browser)（\(system)）" : "\(browser) (\(system))", factors: factors,
            result: lang.text("login_history.\(entry.outcome.rawValue)"), outcome: entry.outcome.rawValue)
    }
}
