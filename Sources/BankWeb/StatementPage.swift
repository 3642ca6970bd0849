import BankCore
import BankServices
import BankStore
import Hummingbird

/// 入出金明細照会: one account, a date range (default: the last month), newest first, each
/// line with the balance after it. A read, so a GET form; nothing changes.
extension CustomerSite {
    static let statementLineLimit = 500

    func statement(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let gate = try await requireCustomer(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        let lang = language(request)
        let query = request.uri.queryParameters
        let accounts = try await bank.balances(customerID: current.customer.id)
        var values = baseContext(request, titleKey: "statement_title", csrf: current.session.csrfToken, customer: current.customer)
        let today = bank.today()
        let rawFrom: String? = query.get("from").map { String($0) }
        let rawTo: String? = query.get("to").map { String($0) }
        values["from_value"] = rawFrom ?? today.adding(months: -1).iso
        values["to_value"] = rawTo ?? today.iso
        values["max_date"] = today.iso

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
        values["accounts"] = accounts.map { account -> [String: Any] in
            var row = accountRow(account, lang)
            row["selected"] = account.id == selectedID
            return row
        }
        values["has_accounts"] = !accounts.isEmpty

        if let selectedID, errors.isEmpty {
            switch StatementPeriod.parse(from: rawFrom, to: rawTo, today: today) {
            case .failure(let error):
                if case .invalidInput(let fieldErrors) = error {
                    errors.append(contentsOf: fieldErrors.map { lang.text($0.messageKey) })
                }
                status = .badRequest
            case .success(let period):
                let result = try await bank.statement(customerID: current.customer.id, accountID: selectedID, period: period)
                let shown = result.lines.prefix(Self.statementLineLimit)
                var statement: [String: Any] = [
                    "account": accountRow(result.account, lang),
                    "period": lang == .ja ? "\(period.from.japanese)〜\(period.to.japanese)" : "\(period.from.iso) – \(period.to.iso)",
                    "lines": shown.map { lineRow($0, lang) },
                    "empty": shown.isEmpty,
                ]
                if result.lines.count > Self.statementLineLimit {
                    statement["truncated"] = lang.text("statement_truncated", String(Self.statementLineLimit))
                }
                values["statement"] = statement
            }
        }
        values["errors"] = errors
        return try page("statement", values, status: status)
    }

    func lineRow(_ line: StatementLine, _ lang: Language) -> [String: Any] {
        let kindLabel = lang.text("kind.\(line.kind)")
        return [
            "date": lang == .ja ? JapanTime.Day(containing: line.at).japanese : JapanTime.Day(containing: line.at).iso,
            "memo": line.memo.isEmpty || line.memo == kindLabel ? kindLabel : "\(kindLabel) \(line.memo)",
            "withdrawal": line.amount.value < 0 ? (-line.amount).formatted : "",
            "deposit": line.amount.value > 0 ? line.amount.formatted : "",
            "balance": line.balanceAfter.formatted,
        ]
    }
}
