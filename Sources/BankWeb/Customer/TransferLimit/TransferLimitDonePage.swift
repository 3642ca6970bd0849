import BankServices
import Hummingbird

/// 振込限度額変更結果. A redirect after the change, so that a reload sends nothing again; the
/// message names what was done (`?done=lowered|raised|cancelled`) and the limit as it stands.
extension CustomerSite {
    /// 振込限度額変更's screens, and the back office's list of waiting raises (PageRenderer.screenNames).
    static let transferLimitScreenNames = ["transfer_limit", "transfer_limit_done", "staff_limit_raises"]

    func transferLimitChanged(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireCustomer()
        let lang = language(request)
        let overview = try await bank.transferLimits.overview(by: current.actor)
        let pending = overview.status.pendingRaise
        let message = switch request.uri.queryParameters.get("done") {
        case "lowered": lang.text("transfer_limit_done.lowered", overview.status.limit.formatted)
        case "raised" where pending != nil:
            lang.text("transfer_limit_done.raised", pending!.amount.formatted, formatDateTime(pending!.effectiveAt, lang))
        case "cancelled": lang.text("transfer_limit_done.cancelled")
        default: lang.text("transfer_limit_done.changed")
        }
        let model = TransferLimitDonePageModel(resultMessage: message, limit: overview.status.limit.formatted,
                                               pending: LocalOptional(pending.map { pendingRow($0, lang) }))
        return try page("transfer_limit_done", model,
                        chrome(request, titleKey: "transfer_limit_done.title", csrf: current.session.csrfToken, customer: current.customer))
    }
}
