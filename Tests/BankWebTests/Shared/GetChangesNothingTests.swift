import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import HTTPTypes
import Testing

/// A GET, with a valid session, changes no row of any table: every OTP screen in each state
/// the token goes through, and every back-office screen. What may move: the session's own
/// `last_seen_at`, and the back office's `staff_view` audit rows (every look at a customer's
/// data is recorded by design). The transfer, payee and mail-password screens have their
/// own test (TransferSubmissionTests.getRequestsNeverChangeAnything).
@Suite struct GetChangesNothingTests {
    static let ignored: Set<String> = ["sessions.last_seen_at", "staff_sessions.last_seen_at"]

    /// Each path twice (a second look must not change anything either), each compared with a
    /// dump taken right before it.
    static func expectNoChange(_ site: Site, _ browser: Browser, _ paths: [String], status: HTTPResponse.Status? = .ok,
                               allowedAudit: Set<String> = [], sourceLocation: SourceLocation = #_sourceLocation) async throws {
        for path in paths + paths {
            let before = try await TableDump.take(site.bank.database, ignoring: ignored)
            let response = try await browser.get(path)
            if let status {
                #expect(response.status == status, "GET \(path): \(response.status) \(response.location ?? "")",
                        sourceLocation: sourceLocation)
            }
            let after = try await TableDump.take(site.bank.database, ignoring: ignored)
            var changes = before.changes(to: after)
            if let audit = changes["audit_events"], audit.removed.isEmpty,
               audit.added.allSatisfy({ row in allowedAudit.contains { row.contains(" | event=\($0) | ") } }) {
                changes["audit_events"] = nil
            }
            #expect(changes.isEmpty, "GET \(path) changed \(changes)", sourceLocation: sourceLocation)
        }
    }

    @Test func otpScreensChangeNothingInAnyState() async throws {
        try await withSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let always = ["/otp", "/token-app", "/menu"]
            // Nothing issued yet: 申請登録画面 (トークン発行) and the menu.
            try await Self.expectNoChange(site, browser, always + ["/otp/issue"])
            // Issued, not yet set up in the app, then set up: the issuance result and 利用開始.
            try await site.issueToken(browser)
            try await Self.expectNoChange(site, browser, always + ["/otp/issue/done", "/otp/activate"])
            let secret = try await Self.provisionLiveToken(site)
            try await Self.expectNoChange(site, browser, always + ["/otp/issue", "/otp/activate"])
            try await site.activate(browser, code: site.code(secret))
            try await Self.expectNoChange(site, browser, always + ["/otp/activate/done", "/otp/deactivate"])
            // A second login waits at the ワンタイムパスワード認証画面.
            site.clock.advance(by: 60)
            let pending = site.browser()
            #expect(try await pending.logIn().location == "/login/otp")
            try await Self.expectNoChange(site, pending, ["/login/otp"])
            // 利用解除, then its result page and the screens once more.
            let ended = try await browser.post("/otp/deactivate", form: [
                ("_csrf", try await browser.sessionToken()), ("confirmation_password", SeededCustomer.confirmationPassword)])
            #expect(ended.location == "/otp/deactivate/done")
            try await Self.expectNoChange(site, browser, always + ["/otp/deactivate/done", "/otp/issue"])
        }
    }

    @Test func everyStaffScreenChangesNothing() async throws {
        try await withTransferSite { site in
            let payee = try await site.payeeCustomerAsPayee(.bank)
            let (browser, _) = try await site.staffBrowser(try await site.enrollStaff(role: .supervisor))
            let customer = "/staff/customers/\(site.customerID)"
            let token = try await browser.staffToken()
            let made = try await browser.post("\(customer)/limit", form: [("_csrf", token), ("amount", "5000000"), ("reason", "get test")])
            let request = try #require(made.location, "a request to look at (\(made.status))")
            let views: Set<String> = ["staff_view"]
            try await Self.expectNoChange(site, browser, [
                "/staff", "/staff/customers", "/staff/customers?login_id=tanaka", customer, "\(customer)/access",
                "\(customer)/accounts/new", "\(customer)/postings/new", "\(customer)/payees/new",
                "\(customer)/payees/\(payee.id)/delete", "\(customer)/mail-address", "/staff/customers/new",
                "/staff/audit", "/staff/audit?event=login", "/staff/audit.csv", "/staff/compensation",
                "/staff/compensation?customer_id=\(site.customerID)", "/staff/mail", "/staff/interbank", "/staff/ledger",
                "/staff/requests", "/staff/requests?status=all", request,
            ], allowedAudit: views)
            // The login screens of a logged-in member of staff, and of a stranger, whatever they answer.
            try await Self.expectNoChange(site, browser, ["/staff/login", "/staff/login/otp"], status: nil)
            try await Self.expectNoChange(site, site.browser(), ["/staff/login", "/staff/login/otp", "/staff", customer],
                                          status: nil)
        }
    }

    /// The token app's set-up call for the live token; the secret it received.
    static func provisionLiveToken(_ site: Site) async throws -> [UInt8] {
        let token = try #require(try await site.liveToken())
        let (status, json) = try await site.provision(userID: token.userID)
        #expect(status == .ok)
        let text = try #require(json["secret"] as? String)
        return try #require(Base32.decode(text))
    }
}
