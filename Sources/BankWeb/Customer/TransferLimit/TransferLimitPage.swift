import BankCore
import BankServices
import Foundation
import Hummingbird

/// 振込限度額変更: 変更後の1日の振込限度額 and the 確認用パスワード, 変更する; 取消 of a waiting raise.
extension CustomerSite {
    func showTransferLimit(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireCustomer()
        return try await transferLimitForm(request, current, amount: "", errors: [], fieldErrors: [:])
    }

    func submitTransferLimit(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let current = try context.requireCustomer()
        let lang = language(request)
        let amount = String(form.value(TransferLimitService.Field.amount).prefix(32))
        do {
            let outcome = try await bank.transferLimits.change(
                by: current.actor, amount: amount,
                confirmationPassword: String(form.value(TransferLimitService.Field.confirmationPassword).prefix(128)),
                session: current.session.factorsPresented, client: client(request, context))
            let done = switch outcome {
            case .lowered: "lowered"
            case .raiseRequested: "raised"
            }
            return HTTPResponses.redirect(to: CustomerRoute.transferLimitDone, query: ["done": done])
        } catch let error as BankError {
            let status = ErrorPresenter.status(of: error)
            return try await transferLimitForm(request, current, amount: amount, errors: messages(error, lang),
                                               fieldErrors: error.fieldMessages(lang), locked: status == .forbidden, status: status)
        }
    }

    func submitTransferLimitCancel(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let current = try context.requireCustomer()
        let lang = language(request)
        do {
            guard let id = Int64(form.value(TransferLimitService.Field.raise)), id > 0 else {
                throw BankError.invalidInput([FieldError(field: TransferLimitService.Field.raise,
                                                         messageKey: "error.transfer_limit.not_pending")])
            }
            _ = try await bank.transferLimits.cancelRaise(by: current.actor, raiseID: id, client: client(request, context))
            return HTTPResponses.redirect(to: CustomerRoute.transferLimitDone, query: ["done": "cancelled"])
        } catch let error as BankError {
            return try await transferLimitForm(request, current, amount: "", errors: messages(error, lang),
                                               fieldErrors: error.fieldMessages(lang), status: ErrorPresenter.status(of: error))
        }
    }

    private func transferLimitForm(_ request: Request, _ current: CustomerSession, amount: String, errors: [String],
                                   fieldErrors: [String: String], locked: Bool = false,
                                   status: HTTPResponse.Status = .ok) async throws -> Response {
        let lang = language(request)
        let overview = try await bank.transferLimits.overview(by: current.actor)
        let noFactor = overview.ceiling.basis == .noExtraFactor
        let model = TransferLimitPageModel(
            limit: overview.status.limit.formatted, limitSource: limitSource(overview.status.inForce, lang),
            remainingToday: overview.status.remainingToday.formatted, ceiling: overview.ceiling.amount.formatted,
            ceilingReason: lang.text("transfer_limit.ceiling_reason.\(overview.ceiling.basis.rawValue)"),
            suggestFactor: noFactor, pending: LocalOptional(overview.status.pendingRaise.map { pendingRow($0, lang) }),
            raiseTiming: overview.raiseWouldApplyAt.map { lang.text("transfer_limit.raise_timing", formatDateTime($0, lang)) }
                ?? lang.text("transfer_limit.raise_timing_unknown"),
            amountValue: amount, showForm: !locked, fieldErrors: fieldErrors)
        return try page("transfer_limit", model,
                        chrome(request, titleKey: "transfer_limit.title", csrf: current.session.csrfToken, customer: current.customer,
                               errors: errors), status: status)
    }

    /// Where the limit in force comes from, in the customer's words.
    func limitSource(_ inForce: LimitInForce, _ lang: Language) -> String {
        switch inForce.source {
        case .own: lang.text("transfer_limit.source.own")
        case .bankDefault: lang.text("transfer_limit.source.bank_default")
        case .raise(let raise): lang.text("transfer_limit.source.raise", formatDateTime(raise.effectiveAt, lang))
        }
    }

    func pendingRow(_ raise: LimitRaise, _ lang: Language) -> TransferLimitPageModel.Pending {
        TransferLimitPageModel.Pending(
            raiseID: String(raise.id), amount: raise.amount.formatted, requestedAt: formatDateTime(raise.requestedAt, lang),
            effectiveAt: formatDateTime(raise.effectiveAt, lang), cancelAction: CustomerRoute.transferLimitCancel.path)
    }
}
