import BankCore
import BankServices
import Hummingbird

/// 振込・振替結果: the transfer by its 受付番号, read back (a reload only reads it again).
extension CustomerSite {
    func showTransferDone(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireCustomer()
        let lang = language(request)
        let number = String((request.uri.queryParameters.get("no") ?? "").prefix(40))
        // Another customer's number reads exactly like one that does not exist.
        guard !number.isEmpty, let transfer = try await bank.transfers.find(by: current.actor, receptionNumber: number) else {
            return try errorPage(request, messageKey: "error.transfer.not_found", status: .notFound,
                                 csrf: current.session.csrfToken, customer: current.customer)
        }
        let model = try await transferResult(transfer, by: current.actor, lang)
        return try page("transfer_done", model,
                        chrome(request, titleKey: "transfer_done.title", csrf: current.session.csrfToken, customer: current.customer))
    }

    /// The transfer as its result screen shows it; 振込・振替履歴照会's detail shows the same.
    func transferResult(_ transfer: TransferView, by actor: BankActor, _ lang: Language) async throws -> TransferDonePageModel {
        let names = try await bank.directory.names(bankCode: transfer.bankCode, branchCode: transfer.branchCode)
        let source = try? await bank.transfers.ownAccount(by: actor, accountID: transfer.sourceAccountID)
        return TransferDonePageModel(
            receptionNumber: transfer.receptionNumber, status: Self.statusText(transfer, lang),
            resultMessage: lang.text(transfer.status == .completed ? "transfer_done.completed"
                                     : transfer.scheduledFor != nil ? "transfer_done.scheduled" : "transfer_done.accepted"),
            acceptedAt: formatDateTime(transfer.createdAt, lang), sourceLabel: source.map { AccountRow($0, lang).label },
            destination: DestinationRow(bankName: names.bankName, bankCode: transfer.bankCode, branchName: names.branchName,
                                        branchCode: transfer.branchCode, type: lang.text(transfer.accountType.labelKey),
                                        number: transfer.accountNumber, holder: transfer.holderName),
            amount: transfer.amount.formatted, fee: transfer.fee.formatted, total: (transfer.amount + transfer.fee).formatted,
            scheduledFor: transfer.scheduledFor.map { Self.dayText($0, lang) }, cancel: scheduledCancelForm(transfer, lang))
    }
}
