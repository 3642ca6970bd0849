import BankServices
import Hummingbird
import Logging

/// Builds the HTTP application: the customer site behind the security headers.
public enum BankApplication {
    public static func router(site: CustomerSite) -> Router<BankRequestContext> {
        let router = Router(context: BankRequestContext.self)
        router.add(middleware: SecurityHeadersMiddleware(strictTransportSecurity: site.settings.secureCookies))
        router.add(middleware: ErrorPageMiddleware(site: site))
        site.addRoutes(to: router)
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
