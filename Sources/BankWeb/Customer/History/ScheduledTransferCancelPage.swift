import BankCore
import BankServices
import Hummingbird

/// 予約振込の取消, posted from the booking's detail in 振込・振替履歴照会 with the 確認用パスワード:
/// back to the detail, which then reads 取消済 (or shows why not, the booking unchanged).
extension CustomerSite {
    func submitScheduledTransferCancel(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let current = try context.requireCustomer()
        let number = String((context.parameters.get("reception") ?? "").prefix(40))
        do {
            _ = try await bank.scheduledTransfers.cancel(by: current.actor, receptionNumber: number,
                                                         confirmationPassword: form.value("confirmation_password"),
                                                         client: client(request, context))
            return HTTPResponses.redirect(to: CustomerRoute.transferHistoryDetail(reception: number), query: ["cancelled": "1"])
        } catch let error as BankError where !ErrorPresenter.isPageOfItsOwn(error) {
            return try await transferHistoryDetail(request, current, number: number, notice: nil,
                                                   errors: transferMessages(error, language(request)),
                                                   status: ErrorPresenter.status(of: error))
        }
    }
}
