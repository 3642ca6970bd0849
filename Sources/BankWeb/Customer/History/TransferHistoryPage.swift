import BankCore
import BankServices
import Hummingbird

/// 振込・振替履歴照会: every transfer of the customer in a period (default: the last month, as
/// 入出金明細照会), newest first, at most `HistoryService.transferLimit` (a shorter period shows
/// the rest). A read, so a GET form; nothing changes.
extension CustomerSite {
    func transferHistory(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireCustomer()
        let lang = language(request)
        let query = request.uri.queryParameters
        let today = bank.today()
        let rawFrom = query.get("from").map { String($0.prefix(20)) }
        let rawTo = query.get("to").map { String($0.prefix(20)) }
        var errors: [String] = []
        var fieldErrors: [String: String] = [:]
        var status = HTTPResponse.Status.ok
        var history: TransferHistory?
        switch StatementPeriod.parse(from: rawFrom, to: rawTo, today: today) {
        case .failure(let error):
            errors = messages(error, lang)
            fieldErrors = error.fieldMessages(lang)
            status = .badRequest
        case .success(let period):
            history = try await bank.history.transfers(by: current.actor, period: period)
        }
        var model = TransferHistoryPageModel(
            help: lang.text("transfer_history.help", String(HistoryService.transferLimit)),
            fromValue: rawFrom ?? today.adding(months: -1).iso, toValue: rawTo ?? today.iso, maxDate: today.iso,
            fieldErrors: fieldErrors)
        if let history {
            let accounts = try await bank.accounts.balances(by: current.actor)
            var rows: [TransferHistoryPageModel.Row] = []
            for transfer in history.transfers {
                rows.append(try await transferHistoryRow(transfer, accounts: accounts, lang))
            }
            let period = history.period
            model.period = lang == .ja ? "\(period.from.japanese)〜\(period.to.japanese)" : "\(period.from.iso) – \(period.to.iso)"
            model.rows = rows
            model.empty = rows.isEmpty
            model.truncated = history.truncated ? lang.text("transfer_history.truncated", String(HistoryService.transferLimit)) : nil
        }
        return try page("transfer_history", model,
                        chrome(request, titleKey: "transfer_history.title", csrf: current.session.csrfToken,
                               customer: current.customer, errors: errors), status: status)
    }

    private func transferHistoryRow(_ transfer: TransferView, accounts: [AccountView],
                                    _ lang: Language) async throws -> TransferHistoryPageModel.Row {
        let source = accounts.first { $0.id == transfer.sourceAccountID }.map { account in
            let row = AccountRow(account, lang)
            return "\(row.branch) \(row.type) \(maskedAccountNumber(row.number))"
        }
        let names = try await bank.directory.names(bankCode: transfer.bankCode, branchCode: transfer.branchCode)
        return TransferHistoryPageModel.Row(
            receptionNumber: transfer.receptionNumber,
            detailPath: CustomerRoute.transferHistoryDetail(reception: transfer.receptionNumber).path,
            acceptedAt: formatDateTime(transfer.createdAt, lang), source: source ?? "—",
            destination: "\(names.bankName) \(names.branchName) \(transfer.holderName)",
            amount: transfer.amount.formatted, fee: transfer.fee.formatted,
            status: scheduledStatus(transfer, lang))
    }
}
