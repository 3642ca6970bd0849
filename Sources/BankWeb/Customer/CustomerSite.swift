import BankCore
import BankServices
import Foundation
import Hummingbird

/// The customer's internet-banking site: routes and what they share.
public struct CustomerSite: Sendable {
    let bank: Bank
    let settings: WebSettings
    let renderer: PageRenderer

    public init(bank: Bank, settings: WebSettings, renderer: PageRenderer) {
        self.bank = bank
        self.settings = settings
        self.renderer = renderer
    }

    /// The routes in groups by what they need: none (the login form, the token app's JSON API),
    /// the session resolved (`SessionMiddleware`), and per group the CSRF token its forms carry.
    func addRoutes(to router: Router<BankRequestContext>) {
        router.get(CustomerRoute.home) { request, context in try await self.home(request, context) }
        router.get(CustomerRoute.login) { request, context in try await self.showLogin(request, context) }
        router.group().add(middleware: formCheck(.preLogin))
            .post(CustomerRoute.login) { request, context in try await self.submitLogin(request, context) }
        router.get(CustomerRoute.tokenApp) { request, context in try await self.tokenApp(request, context) }
        addTokenAppAPIRoutes(to: router)
        addStylesheetRoute(to: router)

        let sessions = router.group().add(middleware: SessionMiddleware(customer: bank, settings: settings))
        sessions.group().add(middleware: formCheck(.sessionOrPreLogin))
            .post(CustomerRoute.language) { request, context in try await self.switchLanguage(request, context) }
        sessions.group().add(middleware: formCheck(.session(pending: nil)))
            .post(CustomerRoute.logout) { request, context in try await self.logout(request, context) }
        addMailAddressConfirmRoutes(to: sessions)
        sessions.group().add(middleware: formCheck(.session(pending: true)))
            .get(CustomerRoute.loginOTP) { request, context in try await self.showLoginOTP(request, context) }
            .post(CustomerRoute.loginOTP) { request, context in try await self.submitLoginOTP(request, context) }
        addSignedInRoutes(to: sessions.group().add(middleware: formCheck(.session(pending: false)))
            .add(middleware: refusalPages()))
    }

    /// Every page behind the login.
    private func addSignedInRoutes(to router: RouterGroup<BankRequestContext>) {
        router.get(CustomerRoute.menu) { request, context in try await self.menu(request, context) }
        router.post(CustomerRoute.sessionExtend) { request, context in try await self.extendSession(request, context) }
        router.get(CustomerRoute.balances) { request, context in try await self.balances(request, context) }
        router.get(CustomerRoute.statement) { request, context in try await self.statement(request, context) }
        router.get(CustomerRoute.loginHistory) { request, context in try await self.loginHistory(request, context) }
        router.get(CustomerRoute.transferHistory) { request, context in try await self.transferHistory(request, context) }
        router.get(CustomerRoute.transferHistoryDetail(reception: nil)) { request, context in
            try await self.transferHistoryDetail(request, context)
        }
        router.post(CustomerRoute.scheduledTransferCancel(reception: nil)) { request, context in
            try await self.submitScheduledTransferCancel(request, context)
        }
        router.get(CustomerRoute.otpMenu) { request, context in try await self.otpMenu(request, context) }
        router.get(CustomerRoute.otpIssue) { request, context in try await self.showTokenIssue(request, context) }
        router.post(CustomerRoute.otpIssue) { request, context in try await self.submitTokenIssue(request, context) }
        router.get(CustomerRoute.otpIssueDone) { request, context in try await self.tokenIssued(request, context) }
        router.get(CustomerRoute.otpActivate) { request, context in try await self.showActivate(request, context) }
        router.post(CustomerRoute.otpActivate) { request, context in try await self.submitActivate(request, context) }
        router.get(CustomerRoute.otpActivateDone) { request, context in try await self.activated(request, context) }
        router.get(CustomerRoute.otpDeactivate) { request, context in try await self.showDeactivate(request, context) }
        router.post(CustomerRoute.otpDeactivate) { request, context in try await self.submitDeactivate(request, context) }
        router.get(CustomerRoute.otpDeactivateDone) { request, context in try await self.deactivated(request, context) }
        router.get(CustomerRoute.transfer) { request, context in try await self.showTransfer(request, context) }
        router.post(CustomerRoute.transferSelect) { request, context in try await self.submitTransferSelect(request, context) }
        router.get(CustomerRoute.transferOther) { request, context in try await self.showTransferOther(request, context) }
        router.post(CustomerRoute.transferOther) { request, context in try await self.submitTransferOther(request, context) }
        router.get(CustomerRoute.transferBankSearch) { request, context in try await self.showTransferBankSearch(request, context) }
        router.get(CustomerRoute.transferBranchSearch) { request, context in try await self.showTransferBranchSearch(request, context) }
        router.get(CustomerRoute.transferAmount) { request, context in try await self.showTransferAmount(request, context) }
        router.get(CustomerRoute.transferConfirm) { request, context in try await self.showTransferConfirm(request, context) }
        router.post(CustomerRoute.transferConfirm) { request, context in try await self.submitTransferAmount(request, context) }
        router.post(CustomerRoute.transferExecute) { request, context in try await self.submitTransferExecute(request, context) }
        router.post(CustomerRoute.transferMailPassword) { request, context in try await self.submitMailPasswordResend(request, context) }
        router.get(CustomerRoute.transferDone) { request, context in try await self.showTransferDone(request, context) }
        router.get(CustomerRoute.payees) { request, context in try await self.showPayees(request, context) }
        router.get(CustomerRoute.payeeNew) { request, context in try await self.showPayeeNew(request, context) }
        router.post(CustomerRoute.payeeNew) { request, context in try await self.submitPayeeNew(request, context) }
        router.get(CustomerRoute.payeeDelete(id: nil)) { request, context in try await self.showPayeeDelete(request, context) }
        router.post(CustomerRoute.payeeDelete(id: nil)) { request, context in try await self.submitPayeeDelete(request, context) }
        router.get(CustomerRoute.mailPassword) { request, context in try await self.showMailPassword(request, context) }
        router.post(CustomerRoute.mailPassword) { request, context in try await self.submitMailPassword(request, context) }
        router.get(CustomerRoute.mailPasswordDone) { request, context in try await self.mailPasswordChanged(request, context) }
        router.get(CustomerRoute.mailAddress) { request, context in try await self.showMailAddress(request, context) }
        router.post(CustomerRoute.mailAddress) { request, context in try await self.submitMailAddress(request, context) }
        router.get(CustomerRoute.mailAddressSent) { request, context in try await self.mailAddressSent(request, context) }
        router.get(CustomerRoute.notificationSettings) { request, context in try await self.showNotificationSettings(request, context) }
        router.post(CustomerRoute.notificationSettings) { request, context in try await self.submitNotificationSettings(request, context) }
        router.get(CustomerRoute.notificationSettingsDone) { request, context in
            try await self.notificationSettingsChanged(request, context)
        }
        router.get(CustomerRoute.transferLimit) { request, context in try await self.showTransferLimit(request, context) }
        router.post(CustomerRoute.transferLimit) { request, context in try await self.submitTransferLimit(request, context) }
        router.get(CustomerRoute.transferLimitDone) { request, context in try await self.transferLimitChanged(request, context) }
        router.post(CustomerRoute.transferLimitCancel) { request, context in try await self.submitTransferLimitCancel(request, context) }
        for password in CustomerPassword.allCases {
            router.get(CustomerRoute.passwordChange(password)) { request, context in
                try await self.showPasswordChange(password, request, context)
            }
            router.post(CustomerRoute.passwordChange(password)) { request, context in
                try await self.submitPasswordChange(password, request, context)
            }
            router.get(CustomerRoute.passwordChangeDone(password)) { request, context in
                try await self.passwordChanged(password, request, context)
            }
        }
    }

    /// The phone token app's calls, open to its origin alone (CORS, with the preflight).
    private func addTokenAppAPIRoutes(to router: Router<BankRequestContext>) {
        let api = router.group().add(middleware: TokenAppCORSMiddleware(tokenAppURL: bank.settings.tokenAppURL))
        for route in [CustomerRoute.tokenProvision, .tokenStatus] {
            // A preflight without Origin is no browser's: it learns what the path allows.
            api.on(RouterPath(route.pattern), method: .options) { _, _ in Response(status: .noContent, headers: [.allow: "OPTIONS, POST"]) }
        }
        api.post(CustomerRoute.tokenProvision) { request, context in try await self.provisionToken(request, context) }
        api.post(CustomerRoute.tokenStatus) { request, context in try await self.tokenStatus(request, context) }
    }

    /// The stylesheet and the health check, which the back office's own listener serves too.
    func addStylesheetRoute(to router: Router<BankRequestContext>) {
        router.get(CustomerRoute.stylesheet) { _, _ in
            HTTPResponses.text(self.renderer.stylesheet, contentType: "text/css; charset=utf-8")
        }
        router.get(CustomerRoute.sessionScript) { _, _ in
            HTTPResponses.text(self.renderer.sessionScript, contentType: "text/javascript; charset=utf-8")
        }
    }

    func home(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let cookie = request.cookieValue(settings.sessionCookieName)
        return HTTPResponses.redirect(to: cookie == nil ? CustomerRoute.login : CustomerRoute.menu)
    }

    // MARK: shared helpers

    /// A redirect target from a form: a path on this site only. Anything with a scheme, a
    /// host, a backslash, whitespace or control characters (which browsers drop, turning
    /// `/\t/evil` into `//evil`) falls back to `/`. A colon is allowed (the transfer steps
    /// carry `to=own:3`): after a leading single `/` it can never start a scheme. At most 512
    /// characters. Every allowed character is one ASCII byte, so the bytes are checked against
    /// a table made once (a set of Characters made per call was 3 % of `GET /menu`'s instructions).
    static func safeLocalPath(_ target: String) -> String {
        let bytes = target.utf8
        guard bytes.count <= 512, bytes.first == UInt8(ascii: "/"), !target.hasPrefix("//"),
              bytes.allSatisfy({ pathBytes[Int($0)] }) else { return "/" }
        return target
    }

    /// The bytes `safeLocalPath` allows, by value.
    private static let pathBytes: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for byte in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-._~?=&%+:".utf8 { table[Int(byte)] = true }
        return table
    }()

    /// The error screen; `restart` adds a link back to the start of the flow that failed
    /// (its path and the key of the link's text).
    func errorPage(_ request: Request, messageKey: String, status: HTTPResponse.Status, csrf: String = "",
                   customer: SignedInCustomer? = nil, restart: (path: String, textKey: String)? = nil) throws -> Response {
        try errorPage(request, messageKey: messageKey, status: status, csrf: csrf, holder: customer, restart: restart)
    }

    func formatDateTime(_ date: Date, _ lang: Language) -> String {
        lang == .ja ? JapanTime.japaneseDateTime(date) : JapanTime.isoDateTime(date)
    }
}

