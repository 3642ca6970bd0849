import BankServices
import Hummingbird
import Logging

/// Builds the HTTP application: the customer site and the back office (事務管理部, under
/// `/staff`, on the same bank, settings and templates) behind the security headers.
public enum BankApplication {
    public static func router(site: CustomerSite) -> Router<BankRequestContext> {
        let staffSite = StaffSite(bank: site.bank, settings: site.settings, renderer: site.renderer)
        let router = Router(context: BankRequestContext.self)
        router.add(middleware: SecurityHeadersMiddleware(strictTransportSecurity: site.settings.secureCookies))
        router.add(middleware: ErrorPageMiddleware(site: site, staffSite: staffSite))
        site.addRoutes(to: router)
        staffSite.addRoutes(to: router)
        return router
    }

    public static func build(bank: Bank, settings: WebSettings, renderer: PageRenderer, host: String, port: Int,
                             logger: Logger) -> some ApplicationProtocol {
        let site = CustomerSite(bank: bank, settings: settings, renderer: renderer)
        return Application(
            router: router(site: site),
            configuration: .init(address: .hostname(host, port: port), serverName: "kyoei"),
            logger: logger)
    }
}
