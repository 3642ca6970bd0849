import BankCore
import BankServices
import Hummingbird

/// 入出金明細照会: one account, a date range (default: the last month), newest first, each
/// line with the balance after it. A read, so a GET form; nothing changes.
extension CustomerSite {
    static let statementLineLimit = 500

    func statement(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireCustomer()
        let lang = language(request)
        let query = request.uri.queryParameters
        let accounts = try await bank.accounts.balances(by: current.actor)
        let today = bank.today()
        let rawFrom: String? = query.get("from").map { String($0) }
        let rawTo: String? = query.get("to").map { String($0) }

        var selectedID = accounts.first?.id
        var status = HTTPResponse.Status.ok
        var errors: [String] = []
        if let raw = query.get("account") {
            if let id = Int64(raw), accounts.contains(where: { $0.id == id }) {
                selectedID = id
            } else {
                errors.append(lang.text("error.account_not_found"))
                status = .notFound
                selectedID = nil
            }
        }
        var model = StatementPageModel(
            accounts: accounts.map { account in
                let row = AccountRow(account, lang)
                return SelectOption(value: row.id, label: row.label, selected: account.id == selectedID)
            },
            hasAccounts: !accounts.isEmpty, fromValue: rawFrom ?? today.adding(months: -1).iso, toValue: rawTo ?? today.iso,
            maxDate: today.iso)

        if let selectedID, errors.isEmpty {
            switch StatementPeriod.parse(from: rawFrom, to: rawTo, today: today) {
            case .failure(let error):
                if case .invalidInput(let fieldErrors) = error {
                    errors.append(contentsOf: fieldErrors.map { lang.text($0.messageKey) })
                }
                status = .badRequest
            case .success(let period):
                let result = try await bank.accounts.statement(by: current.actor, accountID: selectedID, period: period)
                let shown = result.rows.prefix(Self.statementLineLimit)
                model.statement = StatementTable(
                    account: AccountRow(result.account, lang),
                    period: lang == .ja ? "\(period.from.japanese)〜\(period.to.japanese)" : "\(period.from.iso) – \(period.to.iso)",
                    lines: shown.map { lineRow($0, lang) }, empty: shown.isEmpty,
                    truncated: result.rows.count > Self.statementLineLimit
                        ? lang.text("statement.truncated", String(Self.statementLineLimit)) : nil)
            }
        }
        return try page("statement", model,
                        chrome(request, titleKey: "statement.title", csrf: current.session.csrfToken, customer: current.customer,
                               errors: errors), status: status)
    }

    func lineRow(_ row: StatementRow, _ lang: Language) -> StatementTable.Line {
        let day = JapanTime.Day(containing: row.at)
        return StatementTable.Line(
            date: lang == .ja ? day.japanese : day.iso,
            memo: Self.summaryText(row.summary, lang),
            withdrawal: row.amount.value < 0 ? (-row.amount).formatted : "",
            deposit: row.amount.value > 0 ? row.amount.formatted : "",
            balance: row.balanceAfter.formatted)
    }

    /// The 摘要 in the screen's language (worded once, for the API too: `Summary.text`).
    static func summaryText(_ summary: StatementRow.Summary, _ lang: Language) -> String {
        summary.text(lang)
    }
}
