import BankCore
import BankServices
import BankStore
import BankTestSupport
import BankWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// KYOEI_STAFF_LISTEN: the back office on a listener of its own. The customer listener then
/// has no `/staff` page at all (its own 404), and the staff listener serves nothing of the
/// customer site but the stylesheet; a member of staff logs in and works there as usual.
@Suite struct StaffListenerTests {
    @Test func eachListenerServesItsOwnSiteOnly() async throws {
        try await BankWorld.with(.sqlite) { world in
            let bank = world.bank
            let seeded = try await SeededCustomer.create(bank)
            let renderer = try await PageRenderer.load()
            let site = CustomerSite(bank: bank, settings: WebSettings(publicURL: Site.publicURL), renderer: renderer)

            try await Application(router: BankApplication.customerRouter(site: site)).test(.router) { client in
                let browser = Browser(client: client, userAgent: Site.userAgent)
                for path in ["/staff", "/staff/login", "/staff/customers/1", "/staff/requests"] {
                    let page = try await browser.get(path)
                    #expect(page.status == .notFound, "\(path) on the customer listener")
                    #expect(!page.body.contains("事務管理部"), "\(path): not even the back office's error page")
                }
                #expect(try await browser.post("/staff/login", form: [("staff_id", "x")]).status == .notFound)
                #expect(try await browser.get("/login").status == .ok)
                #expect(try await browser.logIn().location == "/menu")
            }

            try await Application(router: BankApplication.staffRouter(site: site)).test(.router) { client in
                let staffSite = Site(world: world, customer: seeded, renderer: renderer, client: client)
                let browser = staffSite.browser()
                for path in ["/login", "/menu", "/transfer", "/otp"] {
                    let page = try await browser.get(path)
                    #expect(page.status == .notFound, "\(path) on the staff listener")
                    #expect(page.body.contains(StaffText.badge), "the back office's own error page")
                }
                #expect(try await browser.get("/").location == "/staff")
                #expect(try await browser.get("/static/app.css").status == .ok)
                let enrollment = try await staffSite.enrollStaff()
                try await staffSite.staffLogIn(browser, enrollment)
                let detail = try await browser.get("/staff/customers/\(staffSite.customerID)")
                #expect(detail.status == .ok && detail.body.contains("tanaka01"))
            }
        }
    }

    /// An HTTPS customer site with an internal plain-HTTP staff listener: the staff cookie is
    /// not `Secure` there (a browser would drop it and no one could log in); with an HTTPS
    /// staff URL it is.
    @Test(arguments: [("http://10.0.0.5:8443", false), ("https://staff.kyoei.example", true)])
    func staffCookieFollowsTheStaffURL(staffURL: String, secure: Bool) async throws {
        try await BankWorld.with(.sqlite) { world in
            let bank = world.bank
            let seeded = try await SeededCustomer.create(bank)
            let renderer = try await PageRenderer.load()
            let site = CustomerSite(bank: bank, settings: WebSettings(publicURL: "https://ib.kyoei.example"), renderer: renderer)
            let router = BankApplication.staffRouter(site: site, settings: WebSettings(publicURL: staffURL))
            try await Application(router: router).test(.router) { client in
                let staffSite = Site(world: world, customer: seeded, renderer: renderer, client: client)
                let enrollment = try await staffSite.enrollStaff()
                let browser = staffSite.browser()
                world.clock.advance(by: Double(bank.settings.staff.totp.step))
                let password = try await browser.staffPasswordStep(enrollment.staff.staffID)
                let cookie = try #require(password.cookie("kyoei_staff"))
                #expect(cookie.has("Secure") == secure)
                #expect(password.location == "/staff/login/otp")
            }
        }
    }
}
