import BankCore
import BankServices

/// 振込・振替先 (GET/POST /payees, DELETE /payees/{payeeId}): `bank.payees.list/add/delete`, the
/// use cases of the 振込・振替先 pages, with the same 確認用パスワード checks and lock counters.
/// A payee of another customer, or one registered at the counter, answers 404 like one that
/// does not exist.
extension APIHandler {
    func listPayees(_ input: Operations.ListPayees.Input) async throws -> Operations.ListPayees.Output {
        let caller = try APICaller.customer()
        let lists = try await bank.payees.list(by: caller.actor)
        return .ok(.init(body: .json(.init(customerRegistered: lists.customerRegistered.map(Components.Schemas.Payee.init),
                                           bankRegistered: lists.bankRegistered.map(Components.Schemas.Payee.init)))))
    }

    func createPayee(_ input: Operations.CreatePayee.Input) async throws -> Operations.CreatePayee.Output {
        let caller = try APICaller.customer()
        guard case .json(let body) = input.body else { throw APIProblem.malformedBody }
        let form = PayeeForm(bankCode: body.bankCode, branchCode: body.branchCode, accountType: body.accountType.rawValue,
                             accountNumber: body.accountNumber, holderName: body.holderName)
        let payee = try await bank.payees.add(by: caller.actor, form, confirmationPassword: body.confirmationPassword,
                                              session: caller.session.factorsPresented, client: caller.client)
        return .created(.init(body: .json(.init(payee))))
    }

    func deletePayee(_ input: Operations.DeletePayee.Input) async throws -> Operations.DeletePayee.Output {
        let caller = try APICaller.customer()
        guard case .json(let body) = input.body else { throw APIProblem.malformedBody }
        try await bank.payees.delete(by: caller.actor, payeeID: input.path.payeeId, confirmationPassword: body.confirmationPassword,
                                     session: caller.session.factorsPresented, client: caller.client)
        return .noContent(.init())
    }
}

extension Components.Schemas.Payee {
    init(_ payee: PayeeView) {
        let entry = payee.record
        self.init(id: entry.id, kind: entry.kind == .bank ? .bank : .customer, bankCode: entry.bankCode, bankName: payee.bankName,
                  branchCode: entry.branchCode, branchName: payee.branchName, accountType: .init(entry.accountType),
                  accountNumber: entry.accountNumber, holderName: entry.holderName, createdAt: entry.createdAt)
    }
}
