import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import HTTPTypes
import Testing

/// Every answer carries a request id, the audit row the request wrote carries the same id,
/// its channel and the client's address; X-Forwarded-For and X-Request-ID count only from a
/// peer in KYOEI_TRUSTED_PROXIES.
@Suite struct RequestIdentityTests {
    static let requestID = HTTPField.Name("X-Request-ID")!
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    @Test(arguments: TestDatabases.engines)
    func theAuditRowCarriesTheAnswersRequestIDAndChannel(engine: DatabaseEngine) async throws {
        try await withObservedSite(engine) { site in
            let browser = site.browser()
            let page = try await browser.get("/login")
            let first = try #require(page.requestID)
            #expect(first.count == 32 && first.allSatisfy(\.isHexDigit))
            let refused = try await browser.logIn(Site.loginID, "Wrong-password-1")
            let id = try #require(refused.requestID)
            #expect(id != first, "a new id per request")
            let row = try #require(try await site.audit(event: "login").first)
            #expect(row.result == .failure)
            #expect(row.requestID == id)
            #expect(row.channel == "web")

            // The back office's rows say so.
            let (staff, _) = try await site.staffBrowser()
            let menu = try await staff.get("/staff")
            #expect(menu.status == .ok)
            let staffLogin = try #require(try await site.audit(event: "staff_login").first)
            #expect(staffLogin.channel == "staff")
            #expect(staffLogin.requestID?.count == 32)

            // 監査ログ finds the rows of one request by the id its log line names.
            let found = try await staff.get("/staff/audit?request_id=\(id)")
            #expect(found.status == .ok)
            #expect(found.allCaptures(#"<tr class="audit-row" data-event="([a-z_]+)""#).map { $0[0] } == ["login"])
            #expect(found.body.contains(#"<code class="request-id" title="X-Request-ID">\#(id)</code>"#))
            #expect(found.body.contains(#"<label for="request_id">リクエストID</label>"#))
            let bad = try await staff.get("/staff/audit?request_id=%3Cscript%3E")
            #expect(bad.status == .badRequest)
            #expect(bad.body.contains("リクエストIDは英数字と「-._:」の128文字以内で入力してください。"))
        }
    }

    @Test func anUntrustedPeersHeadersAreIgnored() async throws {
        try await withObservedSite(trustedProxies: "", setup: .live) { site in
            let browser = site.browser()
            _ = try await browser.get("/login")
            let answer = try await browser.logIn(Site.loginID, "Wrong-password-1",
                                                 headers: [Self.requestID: "proxy-id-1", Self.forwardedFor: "198.51.100.7"])
            #expect(answer.requestID != "proxy-id-1", "an id sent by a client is not taken")
            let row = try #require(try await site.audit(event: "login").first)
            #expect(row.ip == "127.0.0.1", "the socket peer, not what the client wrote")
            #expect(row.requestID == answer.requestID)
        }
    }

    @Test func aTrustedProxysForwardedClientAndRequestIDAreUsed() async throws {
        try await withObservedSite(trustedProxies: "127.0.0.0/8, ::1", setup: .live) { site in
            let browser = site.browser()
            // The client wrote 6.6.6.6; the proxy appended the address it saw.
            let answer = try await browser.logIn(Site.loginID, "Wrong-password-1",
                                                 headers: [Self.requestID: "edge-7f3a:01", Self.forwardedFor: "6.6.6.6, 198.51.100.7"])
            #expect(answer.requestID == "edge-7f3a:01")
            let row = try #require(try await site.audit(event: "login").first)
            #expect(row.ip == "198.51.100.7")
            #expect(row.requestID == "edge-7f3a:01")

            // An id a log line could not carry as it is gets replaced.
            let odd = try await browser.get("/login", headers: [Self.requestID: "bad id\" {injected}"])
            #expect(odd.requestID?.count == 32)
        }
    }
}
