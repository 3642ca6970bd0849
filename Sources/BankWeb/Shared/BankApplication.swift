import BankAPI
import BankServices
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// Builds the HTTP applications: the customer site and the back office (事務管理部, under
/// `/staff`, on the same bank, settings and templates) behind the security headers, and the
/// phone token app on an origin of its own. The back
/// office is served by the customer listener, or — what a bank wants in production — by a
/// listener of its own (`KYOEI_STAFF_LISTEN`) that only the bank's network reaches; the
/// customer listener then knows no `/staff` page at all.
public enum BankApplication {
    /// One listener for both sites (the embedded default and the demo).
    public static func router(site: CustomerSite) -> Router<BankRequestContext> {
        let staffSite = StaffSite(bank: site.bank, settings: site.settings, renderer: site.renderer)
        return build(site: site, staffSite: staffSite) { router in
            site.addRoutes(to: router)
            staffSite.addRoutes(to: router)
        }
    }

    /// The customer site alone: `/staff/…` is a page that does not exist, in the customer's style.
    public static func customerRouter(site: CustomerSite) -> Router<BankRequestContext> {
        build(site: site, staffSite: nil) { router in site.addRoutes(to: router) }
    }

    /// The back office alone (its stylesheet included); every customer path is unknown here.
    /// `settings` are the staff listener's own (its URL decides `Secure` cookies and the
    /// allowed Origin), since an internal listener is often plain HTTP behind an HTTPS site.
    public static func staffRouter(site: CustomerSite, settings: WebSettings? = nil) -> Router<BankRequestContext> {
        let staffSite = StaffSite(bank: site.bank, settings: settings ?? site.settings, renderer: site.renderer)
        return build(site: site, staffSite: staffSite, staffOnly: true) { router in
            site.addStylesheetRoute(to: router)
            staffSite.addRoutes(to: router)
            // The listener's own root leads into the back office.
            router.get(CustomerRoute.home) { _, _ in HTTPResponses.redirect(to: StaffRoute.home) }
        }
    }

    /// The phone token app's origin: its shell and generated files, nothing of the bank.
    public static func tokenAppRouter(site: TokenAppSite, bankSettings: WebSettings) -> Router<BankRequestContext> {
        let router = Router(context: BankRequestContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: TokenAppHeadersMiddleware(
            bankOrigin: bankSettings.publicOrigin, strictTransportSecurity: site.tokenAppURL.lowercased().hasPrefix("https://"),
            paths: Set(site.paths)))
        site.addRoutes(to: router)
        return router
    }

    /// The middleware first (it wraps only routes added after it), then the routes, then the
    /// route table the 405 answers read. GET routes answer HEAD too, without a body.
    private static func build(site: CustomerSite, staffSite: StaffSite?, staffOnly: Bool = false,
                              routes addRoutes: (Router<BankRequestContext>) -> Void) -> Router<BankRequestContext> {
        let router = Router(context: BankRequestContext.self, options: .autoGenerateHeadEndpoints)
        let table = RouteTable()
        // First: every answer below, error pages included, carries the request id and is logged.
        let listenerSettings = (staffOnly ? staffSite?.settings : nil) ?? site.settings
        router.add(middleware: RequestObservationMiddleware(trustedProxies: listenerSettings.trustedProxies,
                                                            requestIDRandom: listenerSettings.requestIDRandom))
        router.add(middleware: SecurityHeadersMiddleware(
            strictTransportSecurity: site.settings.secureCookies,
            connectSources: staffOnly ? [] : site.settings.allowedOrigins.map { $0 + CustomerRoute.sessionExtend.path }))
        router.add(middleware: ErrorPageMiddleware(site: site, staffSite: staffSite, staffOnly: staffOnly, routes: table))
        HealthRoutes.add(to: router, bank: site.bank)
        addRoutes(router)
        // The JSON API (/api/v1) is the customer's: on the customer listener, never the back office's alone.
        if !staffOnly { BankAPI.addRoutes(to: router, bank: site.bank, settings: site.settings.api) }
        table.record(router.routes)
        return router
    }

    /// Where one listener listens.
    public struct Listener: Sendable {
        public var host: String
        public var port: Int
        public init(host: String, port: Int) { self.host = host; self.port = port }
    }

    /// One listener's HTTP server, as `kyoei serve` runs it: HTTP/1.1 with the idle and
    /// header-read timeout of `settings` (KYOEI_HTTP_IDLE_SECONDS). `onServerRunning` gets the
    /// bound channel (port 0 binds a free port; its `localAddress` tells which).
    public static func application(router: Router<BankRequestContext>, listener: Listener, settings: WebSettings,
                                   logger: Logger, onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in })
        -> some ApplicationProtocol & Service {
        Application(router: router, server: .http1(configuration: .init(idleTimeout: settings.connectionIdleTimeout.map(TimeAmount.init))),
                    configuration: .init(address: .hostname(listener.host, port: listener.port), serverName: "kyoei"),
                    onServerRunning: onServerRunning, logger: logger)
    }

    /// The HTTP services `kyoei serve` runs: the customer listener (with the back office unless
    /// `staff` is given: then that one too, `staffSettings` being its public URL) and the phone
    /// token app's listener (`tokenApp`, serving `tokenAppShell`).
    public static func services(bank: Bank, settings: WebSettings, renderer: PageRenderer, customer: Listener,
                                staff: Listener?, staffSettings: WebSettings? = nil,
                                tokenApp: Listener, tokenAppShell: TokenAppShell, logger: Logger) -> [any Service] {
        let site = CustomerSite(bank: bank, settings: settings, renderer: renderer)
        let tokenAppSite = TokenAppSite(bank: bank, bankSettings: settings, shell: tokenAppShell)
        let phone = application(router: tokenAppRouter(site: tokenAppSite, bankSettings: settings), listener: tokenApp,
                                settings: settings, logger: logger)
        guard let staff else {
            return [application(router: router(site: site), listener: customer, settings: settings, logger: logger), phone]
        }
        return [application(router: customerRouter(site: site), listener: customer, settings: settings, logger: logger),
                application(router: staffRouter(site: site, settings: staffSettings), listener: staff,
                            settings: staffSettings ?? settings, logger: logger),
                phone]
    }
}
