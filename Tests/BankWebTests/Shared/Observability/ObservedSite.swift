import BankCore
import BankServices
import BankStore
import BankTestSupport
import BankWeb
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Logging

/// `withSite` with the observability settings: KYOEI_TRUSTED_PROXIES and a logger of the
/// test's own. `.live` puts the site on a real socket, so the peer is 127.0.0.1.
func withObservedSite(_ engine: DatabaseEngine = .sqlite, trustedProxies: String = "", setup: TestingSetup = .router,
                      logger: Logger = TestDatabases.logger, _ body: @Sendable (Site) async throws -> Void) async throws {
    try await BankWorld.with(engine, logger: logger) { world in
        let seeded = try await SeededCustomer.create(world.bank)
        let renderer = try await PageRenderer.load()
        var settings = WebSettings(publicURL: Site.publicURL)
        settings.trustedProxies = try TrustedProxies(parsing: trustedProxies)
        let customerSite = CustomerSite(bank: world.bank, settings: settings, renderer: renderer)
        let app = Application(router: BankApplication.router(site: customerSite), logger: logger)
        try await app.test(setup) { client in
            try await body(Site(world: world, customer: seeded, renderer: renderer, client: client))
        }
    }
}

extension WebResponse {
    var requestID: String? { headers[HTTPField.Name("X-Request-ID")!] }
}
