import BankCore
import BankServices
import Hummingbird

/// 振込・振替内容確認 (確認画面): what will happen, from the confirmation kept under its nonce,
/// then 実行 with the 確認用パスワード and, where one was mailed, the メール通知パスワード.
extension CustomerSite {
    func showTransferConfirm(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireCustomer()
        let nonce = String((request.uri.queryParameters.get("nonce") ?? "").prefix(128))
        guard let confirmation = try await bank.transfers.pendingConfirmation(by: current.actor,
                                                                    sessionCookie: current.cookieValue, nonce: nonce) else {
            return try transferRestart(request, current, messageKey: "error.transfer.confirmation_expired", status: .gone)
        }
        var notice: String?
        if request.uri.queryParameters.get("sent") == "1" {
            let address = try await bank.mailPassword.setting(by: current.actor).current?.address ?? ""
            notice = language(request).text("transfer.mail_password_resent", address)
        }
        return try await confirmForm(request, current, confirmation, errors: [], showForm: true, notice: notice)
    }

    /// 再送 (or the first send) of the メール通知パスワード from the 確認画面: the earlier one is
    /// void, the new one mailed, and the same 確認画面 shown again with where it went.
    func submitMailPasswordResend(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let current = try context.requireCustomer()
        let nonce = String(form.value("nonce").prefix(128))
        do {
            _ = try await bank.transfers.resendMailPassword(by: current.actor, sessionCookie: current.cookieValue,
                                                  nonce: nonce, client: client(request, context))
            // PRG: a reload of the 確認画面 must not mail another password.
            return HTTPResponses.redirect(to: CustomerRoute.transferConfirm, query: ["nonce": nonce, "sent": "1"])
        } catch let error as BankError {
            guard case .mailPasswordRefused = error,
                  let pending = try await bank.transfers.pendingConfirmation(by: current.actor,
                                                                   sessionCookie: current.cookieValue, nonce: nonce) else {
                return try transferRestart(request, current, messageKey: error.messageKey, status: .gone)
            }
            return try await confirmForm(request, current, pending, errors: transferMessages(error, language(request)),
                                         showForm: false, status: ErrorPresenter.status(of: error))
        }
    }

    func submitTransferExecute(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let current = try context.requireCustomer()
        let lang = language(request)
        let nonce = String(form.value("nonce").prefix(128))
        // Read before 実行: afterwards a used confirmation is no longer pending.
        let pending = try await bank.transfers.pendingConfirmation(by: current.actor, sessionCookie: current.cookieValue,
                                                         nonce: nonce)
        // A typed 受取人名 that is not the holder's: paid only once the customer ticked that they
        // saw the holder's name. Refused before any password is looked at, so nothing is counted.
        if let pending, let typed = pending.destination.typedHolderName, form.value("holder_confirmed") != "1" {
            return try await confirmForm(request, current, pending, errors: [
                lang.text("error.holder_name.not_confirmed", typed, pending.destination.holderName),
            ], showForm: true, status: .badRequest)
        }
        do {
            let outcome = try await bank.transfers.execute(
                by: current.actor, sessionCookie: current.cookieValue, nonce: nonce,
                confirmationPassword: String(form.value("confirmation_password").prefix(128)),
                mailPassword: String(form.value("mail_password").prefix(64)),
                session: current.session.factorsPresented, client: client(request, context))
            // A replay (double click, reload) lands on the first transfer's result too.
            return HTTPResponses.redirect(to: CustomerRoute.transferDone, query: ["no": outcome.transfer.receptionNumber])
        } catch let error as BankError {
            guard let pending else {
                return try transferRestart(request, current, messageKey: error.messageKey, status: .gone)
            }
            switch error {
            case .confirmationExpired:
                return try transferRestart(request, current, messageKey: error.messageKey, status: .gone)
            case .wrongConfirmationPassword, .invalidInput, .mailPasswordRefused(.incorrect), .mailPasswordRefused(.notIssued):
                return try await confirmForm(request, current, pending, errors: transferMessages(error, lang), showForm: true,
                                       status: .badRequest)
            case .tryAgainLater:
                // Nothing was checked or counted: the same 確認画面 may be sent again.
                return try await confirmForm(request, current, pending, errors: transferMessages(error, lang), showForm: true,
                                       status: .serviceUnavailable)
            default:
                // Locked, or refused now (limit, funds): no point in trying again on this screen.
                return try await confirmForm(request, current, pending, errors: transferMessages(error, lang), showForm: false,
                                       status: ErrorPresenter.status(of: error))
            }
        }
    }

    func confirmForm(_ request: Request, _ current: CustomerSession, _ confirmation: TransferConfirmation, errors: [String],
                     showForm: Bool, status: HTTPResponse.Status = .ok, notice: String? = nil) async throws -> Response {
        let lang = language(request)
        // In the screen's language where the account can be read again; the stored label otherwise.
        let source = try? await bank.transfers.ownAccount(by: current.actor, accountID: confirmation.sourceAccountID)
        // 振替 between one's own accounts is not a 振込 of any route, whatever the branches.
        let own = confirmation.destination.kind == .own
        // A mailed password is asked for only when this session holds one for this destination;
        // otherwise (a stale 金額入力 URL, one voided by a newer password) the screen offers to
        // send one, and 実行 waits until it has been sent.
        let holdsPassword = confirmation.needsMailPassword
            ? try await bank.transfers.holdsMailPassword(by: current.actor, sessionCookie: current.cookieValue,
                                               for: confirmation.destination)
            : false
        let model = TransferConfirmPageModel(
            nonce: confirmation.nonce, sourceLabel: source.map { AccountRow($0, lang).label } ?? confirmation.sourceLabel,
            destination: DestinationRow(confirmation.destination, lang),
            routeLabel: lang.text(own ? "transfer.kind_label" : "transfer.route_label"),
            route: lang.text(own ? "transfer.kind.own" : confirmation.route.labelKey),
            amount: confirmation.amount.formatted, fee: confirmation.fee.formatted,
            total: (confirmation.amount + confirmation.fee).formatted, limitApplies: !own,
            remainingLimit: confirmation.remainingLimit.formatted, dailyLimit: confirmation.dailyLimit.formatted,
            needsMailPassword: confirmation.needsMailPassword && holdsPassword,
            mailPasswordMissing: showForm && confirmation.needsMailPassword && !holdsPassword,
            offerResend: showForm && confirmation.needsMailPassword,
            showExecute: showForm && (!confirmation.needsMailPassword || holdsPassword),
            settlesLater: !confirmation.route.settlesAtOnce && confirmation.scheduledFor == nil,
            scheduledFor: confirmation.scheduledFor.flatMap(JapanTime.Day.init(iso:)).map { Self.dayText($0, lang) })
        return try page("transfer_confirm", model,
                        chrome(request, titleKey: "transfer_confirm.title", csrf: current.session.csrfToken, customer: current.customer,
                               notice: notice, errors: errors), status: status)
    }
}
