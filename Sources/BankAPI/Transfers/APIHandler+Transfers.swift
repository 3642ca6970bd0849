import BankCore
import BankServices
import Foundation

/// 振込・振替 確認 (POST /transfer-quotes): `bank.transfers.quote`, which is the pages' `prepare`
/// (金額入力 → 確認画面: every check, the confirmation kept under a nonce bound to this
/// session) plus, where the destination needs one, the 確認画面's fresh メール通知パスワード. The
/// quote id is that nonce; it lives as long as the session may sit idle.
extension APIHandler {
    func createTransferQuote(_ input: Operations.CreateTransferQuote.Input) async throws -> Operations.CreateTransferQuote.Output {
        let caller = try APICaller.customer()
        guard case .json(let body) = input.body else { throw APIProblem.malformedBody }
        let choice = try await destinationChoice(body.destination, caller: caller)
        let quote: TransferQuote
        do {
            quote = try await bank.transfers.quote(by: caller.actor, sessionToken: caller.token,
                                                   sourceAccountID: body.sourceAccountId, choice: choice,
                                                   amount: String(body.amount), scheduledFor: body.scheduledFor ?? "",
                                                   client: caller.client)
        } catch let error as BankError {
            throw APIProblem.transfer(error, fieldNames: Self.destinationFields)
        }
        let confirmation = quote.confirmation
        return .created(.init(body: .json(.init(
            quoteId: confirmation.nonce, expiresAt: confirmation.createdAt.addingTimeInterval(bank.settings.sessions.idleTimeout),
            sourceAccountId: confirmation.sourceAccountID, destination: .init(confirmation.destination),
            route: .init(confirmation.route), amount: confirmation.amount.value, fee: confirmation.fee.value,
            total: (confirmation.amount + confirmation.fee).value, remainingLimit: confirmation.remainingLimit.value,
            dailyLimit: confirmation.dailyLimit.value, mailPasswordRequired: confirmation.needsMailPassword,
            mailPasswordSent: quote.mailPasswordSentTo != nil, scheduledFor: confirmation.scheduledFor,
            limitApplies: confirmation.destination.kind != .own, typedHolderName: confirmation.destination.typedHolderName))))
    }

    /// The hand-typed account's fields as the request names them.
    static let destinationFields = [
        "bank_code": "destination.bankCode", "branch_code": "destination.branchCode", "account_type": "destination.accountType",
        "account_number": "destination.accountNumber", "holder_name": "destination.holderName",
    ]

    /// Exactly one of: one of the customer's accounts, a payee of either list, an account typed in full.
    func destinationChoice(_ request: Components.Schemas.TransferDestinationRequest,
                           caller: SignedInAPICustomer) async throws -> DestinationChoice {
        let typed = request.bankCode != nil || request.branchCode != nil || request.accountType != nil
            || request.accountNumber != nil || request.holderName != nil
        let given = [request.ownAccountId != nil, request.payeeId != nil, typed].filter { $0 }.count
        guard given == 1 else {
            throw BankError.invalidInput([FieldError(field: "destination", messageKey: "error.transfer.destination_choice")])
        }
        if let accountID = request.ownAccountId { return .own(accountID: accountID) }
        if let payeeID = request.payeeId {
            // The id names the payee; which list it is on is the bank's to know.
            let bankRegistered = try await bank.payees.list(by: caller.actor).bankRegistered
            return bankRegistered.contains { $0.record.id == payeeID } ? .bankPayee(id: payeeID) : .customerPayee(id: payeeID)
        }
        return .other(bankCode: request.bankCode ?? "", branchCode: request.branchCode ?? "",
                      accountType: request.accountType?.rawValue ?? "", accountNumber: request.accountNumber ?? "",
                      holderName: request.holderName ?? "")
    }
}
