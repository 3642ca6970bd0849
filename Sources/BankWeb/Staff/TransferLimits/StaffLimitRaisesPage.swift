import BankCore
import BankServices
import Foundation
import Hummingbird

/// 振込限度額の引上げ（適用待ち） and the bank's 取消 (from this list or from 顧客詳細).
extension StaffSite {
    func addLimitRaiseRoutes(to router: RouterGroup<BankRequestContext>) {
        router.get(StaffRoute.limitRaises) { request, context in try await self.limitRaises(request, context) }
        router.post(StaffRoute.limitRaiseCancel(id: nil)) { request, context in try await self.cancelLimitRaise(request, context) }
    }

    func limitRaises(_ request: Request, _ context: BankRequestContext, errors: [String] = [],
                     status: HTTPResponse.Status = .ok) async throws -> Response {
        let current = try context.requireStaff()
        let lang = language(request)
        let raises = try await bank.transferLimits.pendingRaises(by: .staff(current.staff), client: client(request, context))
        let model = StaffLimitRaisesPageModel(
            rows: raises.map { limitRaiseRow($0, lang) }, hasRows: !raises.isEmpty,
            count: lang.text("staff_limit_raises.count", String(raises.count)),
            canCancel: StaffRole.counterWorkers.contains(current.staff.role))
        let notice = request.uri.queryParameters.get("done") == "cancelled" ? lang.text("staff_limit_raises.cancelled") : nil
        return try page("staff_limit_raises", model,
                        chrome(request, titleKey: "staff_limit_raises.title", current, notice: notice, errors: errors), status: status)
    }

    /// 取消 by the bank: the raise's number in the path, the customer and the reason in the form;
    /// back to the list, or to 顧客詳細 when the form came from there (`back=customer`).
    func cancelLimitRaise(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireStaff()
        let lang = language(request)
        let form = try await FormBody.read(request, context: context)
        guard let raiseID = Self.positiveID(context.parameters.get("id")),
              let customerID = Self.positiveID(form.value("customer_id")) else {
            return try await limitRaises(request, context, errors: [lang.text("error.transfer_limit.not_pending")], status: .notFound)
        }
        do {
            _ = try await bank.transferLimits.cancelRaise(raiseID: raiseID, customerID: customerID, reason: form.value("reason"),
                                                        by: .staff(current.staff), client: client(request, context))
        } catch let error as BankError {
            return try await limitRaises(request, context, errors: messages(error, lang), status: ErrorPresenter.status(of: error))
        }
        if form.value("back") == "customer" {
            return HTTPResponses.redirect(to: StaffRoute.customer(id: customerID), query: ["done": "limit_raise_cancelled"])
        }
        return HTTPResponses.redirect(to: StaffRoute.limitRaises, query: ["done": "cancelled"])
    }

    func limitRaiseRow(_ pending: PendingLimitRaise, _ lang: Language) -> StaffLimitRaisesPageModel.Row {
        let raise = pending.raise
        return StaffLimitRaisesPageModel.Row(
            raiseID: String(raise.id), customerID: String(pending.customerID),
            customerPath: StaffRoute.customer(id: pending.customerID).path, loginID: pending.loginID,
            nameKanji: pending.nameKanji, nameKana: pending.nameKana, previous: raise.previous.formatted,
            amount: raise.amount.formatted, requestedAt: formatTimestamp(raise.requestedAt),
            effectiveAt: formatTimestamp(raise.effectiveAt), ip: pending.ip.isEmpty ? "—" : pending.ip,
            cancelAction: StaffRoute.limitRaiseCancel(id: raise.id).path)
    }
}
