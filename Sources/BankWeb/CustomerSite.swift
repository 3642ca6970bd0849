import BankCore
import BankServices
import BankStore
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

    func addRoutes(to router: Router<BankRequestContext>) {
        router.get("/") { request, context in try await self.home(request, context) }
        router.get("/login") { request, context in try await self.showLogin(request, context) }
        router.post("/login") { request, context in try await self.submitLogin(request, context) }
        router.post("/logout") { request, context in try await self.logout(request, context) }
        router.post("/language") { request, context in try await self.switchLanguage(request, context) }
        router.get("/menu") { request, context in try await self.menu(request, context) }
        router.get("/balances") { request, context in try await self.balances(request, context) }
        router.get("/statement") { request, context in try await self.statement(request, context) }
        router.get("/login/otp") { request, context in try await self.showLoginOTP(request, context) }
        router.post("/login/otp") { request, context in try await self.submitLoginOTP(request, context) }
        router.get("/otp") { request, context in try await self.otpMenu(request, context) }
        router.get("/otp/issue") { request, context in try await self.showTokenIssue(request, context) }
        router.post("/otp/issue") { request, context in try await self.submitTokenIssue(request, context) }
        router.get("/otp/issue/done") { request, context in try await self.tokenIssued(request, context) }
        router.get("/otp/activate") { request, context in try await self.showActivate(request, context) }
        router.post("/otp/activate") { request, context in try await self.submitActivate(request, context) }
        router.get("/otp/activate/done") { request, context in try await self.activated(request, context) }
        router.get("/otp/deactivate") { request, context in try await self.showDeactivate(request, context) }
        router.post("/otp/deactivate") { request, context in try await self.submitDeactivate(request, context) }
        router.get("/otp/deactivate/done") { request, context in try await self.deactivated(request, context) }
        router.get("/transfer") { request, context in try await self.showTransfer(request, context) }
        router.post("/transfer/select") { request, context in try await self.submitTransferSelect(request, context) }
        router.get("/transfer/other") { request, context in try await self.showTransferOther(request, context) }
        router.post("/transfer/other") { request, context in try await self.submitTransferOther(request, context) }
        router.get("/transfer/amount") { request, context in try await self.showTransferAmount(request, context) }
        router.get("/transfer/confirm") { request, context in try await self.showTransferConfirm(request, context) }
        router.post("/transfer/confirm") { request, context in try await self.submitTransferAmount(request, context) }
        router.post("/transfer/execute") { request, context in try await self.submitTransferExecute(request, context) }
        router.post("/transfer/mail-password") { request, context in try await self.submitMailPasswordResend(request, context) }
        router.get("/transfer/done") { request, context in try await self.showTransferDone(request, context) }
        router.get("/payees") { request, context in try await self.showPayees(request, context) }
        router.get("/payees/new") { request, context in try await self.showPayeeNew(request, context) }
        router.post("/payees/new") { request, context in try await self.submitPayeeNew(request, context) }
        router.get("/payees/:id/delete") { request, context in try await self.showPayeeDelete(request, context) }
        router.post("/payees/:id/delete") { request, context in try await self.submitPayeeDelete(request, context) }
        router.get("/mail-password") { request, context in try await self.showMailPassword(request, context) }
        router.post("/mail-password") { request, context in try await self.submitMailPassword(request, context) }
        router.get("/mail-password/done") { request, context in try await self.mailPasswordChanged(request, context) }
        router.get("/token-app") { request, context in try await self.tokenApp(request, context) }
        router.post("/api/v1/token/provision") { request, context in try await self.provisionToken(request, context) }
        router.post("/api/v1/token/status") { request, context in try await self.tokenStatus(request, context) }
        addStylesheetRoute(to: router)
    }

    /// The stylesheet and the health check, which the back office's own listener serves too.
    func addStylesheetRoute(to router: Router<BankRequestContext>) {
        router.get("/static/app.css") { _, _ in
            HTTPResponses.text(self.renderer.stylesheet, contentType: "text/css; charset=utf-8")
        }
        router.get("/healthz") { _, _ in HTTPResponses.text("ok") }
    }

    func home(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let cookie = request.cookies[settings.sessionCookieName]?.value
        return HTTPResponses.redirect(to: cookie == nil ? "/login" : "/menu")
    }

    // MARK: shared helpers

    func language(_ request: Request) -> Language {
        request.cookies[WebSettings.languageCookieName].flatMap { Language(rawValue: $0.value) } ?? .ja
    }

    func client(_ request: Request, _ context: BankRequestContext) -> ClientInfo {
        ClientInfo(ip: context.remoteAddress?.ipAddress ?? "", userAgent: String((request.headers[.userAgent] ?? "").prefix(512)))
    }

    /// The context every template gets: strings, language, CSRF token, the customer.
    func baseContext(_ request: Request, titleKey: String, csrf: String, customer: CustomerRecord? = nil) -> [String: Any] {
        let lang = language(request)
        var context: [String: Any] = [
            "t": lang.strings,
            "lang": lang.rawValue,
            "is_ja": lang == .ja,
            "other_lang": lang.other.rawValue,
            "title": lang.text(titleKey),
            "csrf": csrf,
            // After a POST the language switch returns to a page that can be fetched again.
            "return_to": request.method == .get
                ? Self.safeLocalPath(request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")) : "/",
        ]
        if let customer {
            context["customer_name"] = customer.nameKanji + lang.text("customer_suffix")
            context["logged_in"] = true
        }
        return context
    }

    func page(_ template: String, _ context: [String: Any], status: HTTPResponse.Status = .ok) throws -> Response {
        var context = context
        // Mustache cannot test "non-empty list" by itself: the header's error box needs a flag.
        context["has_errors"] = !((context["errors"] as? [String]) ?? []).isEmpty
        return HTTPResponses.html(try renderer.render(template, context), status: status)
    }

    /// A redirect target from a form: a path on this site only. Anything with a scheme, a
    /// host, a backslash, whitespace or control characters (which browsers drop, turning
    /// `/\t/evil` into `//evil`) falls back to `/`. A colon is allowed (the transfer steps
    /// carry `to=own:3`): after a leading single `/` it can never start a scheme.
    static func safeLocalPath(_ target: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-._~?=&%+:")
        guard target.hasPrefix("/"), !target.hasPrefix("//"), target.count <= 512,
              target.allSatisfy({ allowed.contains($0) }) else { return "/" }
        return target
    }

    /// The error screen; `restart` adds a link back to the start of the flow that failed
    /// (its path and the key of the link's text).
    func errorPage(_ request: Request, messageKey: String, status: HTTPResponse.Status, csrf: String = "",
                   customer: CustomerRecord? = nil, restart: (path: String, textKey: String)? = nil) throws -> Response {
        var context = baseContext(request, titleKey: "error_title", csrf: csrf, customer: customer)
        context["message"] = language(request).text(messageKey)
        if let restart {
            context["restart"] = ["path": restart.path, "text": language(request).text(restart.textKey)]
        }
        return try page("error", context, status: status)
    }

    func formatDateTime(_ date: Date, _ lang: Language) -> String {
        lang == .ja ? JapanTime.japaneseDateTime(date) : JapanTime.isoDateTime(date)
    }
}

