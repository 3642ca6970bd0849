import BankCore
import BankServices

/// 振込・振替履歴照会 (GET /transfers) and 状況照会 (GET /transfers/{receptionNumber}): the
/// history's `transferPage` (the page's period, checked by the same `StatementPeriod.parse`,
/// plus a status and paging) and `bank.transfers.find`. Another customer's 受付番号 answers
/// 404 exactly like an unknown one.
extension APIHandler {
    func listTransfers(_ input: Operations.ListTransfers.Input) async throws -> Operations.ListTransfers.Output {
        let caller = try APICaller.customer()
        let paging = try APIPaging(page: input.query.page, perPage: input.query.perPage)
        let period = try StatementPeriod.parse(from: input.query.from, to: input.query.to, today: bank.today()).get()
        let page = try await bank.history.transferPage(by: caller.actor, period: period, status: input.query.status.map(TransferStatus.init),
                                                       page: paging.page, perPage: paging.perPage)
        var transfers: [Components.Schemas.Transfer] = []
        for transfer in page.transfers { transfers.append(try await transferSchema(transfer)) }
        return .ok(.init(body: .json(.init(transfers: transfers, paging: paging.info(total: page.total)))))
    }

    func getTransfer(_ input: Operations.GetTransfer.Input) async throws -> Operations.GetTransfer.Output {
        let caller = try APICaller.customer()
        guard let transfer = try await bank.transfers.find(by: caller.actor, receptionNumber: input.path.receptionNumber) else {
            throw BankError.transferNotFound
        }
        return .ok(.init(body: .json(try await transferSchema(transfer))))
    }
}
