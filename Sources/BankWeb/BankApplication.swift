import BankServices
import Hummingbird
import Logging
import ServiceLifecycle

/// Builds the HTTP applications: the customer site and the back office (事務管理部, under
/// `/staff`, on the same bank, settings and templates) behind the security headers. The back
/// office is served by the customer listener, or — what a bank wants in production — by a
/// listener of its own (`KYOEI_STAFF_LISTEN`) that only the bank's network reaches; the
/// customer listener then knows no `/staff` page at all.
public enum BankApplication {
    /// One listener for both sites (the embedded default and the demo).
    public static func router(site: CustomerSite) -> Router<BankRequestContext> {
        let staffSite = StaffSite(bank: site.bank, settings: site.settings, renderer: site.renderer)
        let router = baseRouter(site: site, staffSite: staffSite)
        site.addRoutes(to: router)
        staffSite.addRoutes(to: router)
        return router
    }

    /// The customer site alone: `/staff/…` is a page that does not exist, in the customer's style.
    public static func customerRouter(site: CustomerSite) -> Router<BankRequestContext> {
        let router = baseRouter(site: site, staffSite: nil)
        site.addRoutes(to: router)
        return router
    }

    /// The back office alone (its stylesheet included); every customer path is unknown here.
    /// `settings` are the staff listener's own (its URL decides `Secure` cookies and the
    /// allowed Origin), since an internal listener is often plain HTTP behind an HTTPS site.
    public static func staffRouter(site: CustomerSite, settings: WebSettings? = nil) -> Router<BankRequestContext> {
        let staffSite = StaffSite(bank: site.bank, settings: settings ?? site.settings, renderer: site.renderer)
        let router = baseRouter(site: site, staffSite: staffSite, staffOnly: true)
        site.addStylesheetRoute(to: router)
        staffSite.addRoutes(to: router)
        router.get("/") { _, _ in HTTPResponses.redirect(to: StaffSite.root) }
        return router
    }

    private static func baseRouter(site: CustomerSite, staffSite: StaffSite?, staffOnly: Bool = false) -> Router<BankRequestContext> {
        let router = Router(context: BankRequestContext.self)
        router.add(middleware: SecurityHeadersMiddleware(strictTransportSecurity: site.settings.secureCookies))
        router.add(middleware: ErrorPageMiddleware(site: site, staffSite: staffSite, staffOnly: staffOnly))
        return router
    }

    /// Where one listener listens.
    public struct Listener: Sendable {
        public var host: String
        public var port: Int
        public init(host: String, port: Int) { self.host = host; self.port = port }
    }

    /// The HTTP services `kyoei serve` runs: one listener, or two when `staff` is given
    /// (`staffSettings`: the staff listener's public URL).
    public static func services(bank: Bank, settings: WebSettings, renderer: PageRenderer, customer: Listener,
                                staff: Listener?, staffSettings: WebSettings? = nil, logger: Logger) -> [any Service] {
        let site = CustomerSite(bank: bank, settings: settings, renderer: renderer)
        func application(_ router: Router<BankRequestContext>, _ listener: Listener) -> some Service {
            Application(router: router, configuration: .init(address: .hostname(listener.host, port: listener.port), serverName: "kyoei"),
                        logger: logger)
        }
        guard let staff else { return [application(router(site: site), customer)] }
        return [application(customerRouter(site: site), customer), application(staffRouter(site: site, settings: staffSettings), staff)]
    }
}
