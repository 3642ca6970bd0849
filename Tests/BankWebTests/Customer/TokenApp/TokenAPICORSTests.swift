import BankCore
import BankServices
import BankWeb
import BankTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// CORS on the token app's API: the phone token app's origin (BankSettings.tokenAppURL, by
/// default http://127.0.0.1:8081 beside the site's :8080) may call it from a browser; any other
/// origin, the bank's own customer site included, is refused before anything is counted; a
/// client that sends no Origin (kyoei-token, curl) is served as before.
@Suite struct TokenAPICORSTests {
    static let tokenAppOrigin = "http://127.0.0.1:8081"

    @Test func theTokenAppOriginIsAllowedWithAPreflight() async throws {
        try await withSite { site in
            for path in ["/api/v1/token/provision", "/api/v1/token/status"] {
                let preflight = try await site.send(path, method: .options, origin: Self.tokenAppOrigin,
                                                    headers: [HTTPField.Name("Access-Control-Request-Method")!: "POST",
                                                              HTTPField.Name("Access-Control-Request-Headers")!: "content-type"])
                #expect(preflight.status == .noContent, "\(path)")
                #expect(preflight.headers[.accessControlAllowOrigin] == Self.tokenAppOrigin)
                #expect(preflight.headers[.accessControlAllowMethods] == "POST")
                #expect(preflight.headers[.accessControlAllowHeaders] == "content-type")
                #expect(preflight.headers[.accessControlMaxAge] == "600")
                #expect(preflight.headers[.vary] == "Origin")
                #expect(preflight.headers[.setCookie] == nil)
            }
            let browser = site.browser()
            try await browser.logIn()
            try await site.issueToken(browser)
            let token = try #require(try await site.liveToken())
            let provisioned = try await site.postJSON("/api/v1/token/provision", origin: Self.tokenAppOrigin, [
                "service_id": "KYOEI-IB", "user_id": token.userID, "activation_password": Site.activation,
            ])
            #expect(provisioned.status == .ok)
            #expect(provisioned.headers[.accessControlAllowOrigin] == Self.tokenAppOrigin)
            #expect(provisioned.headers[.vary] == "Origin")
            #expect(provisioned.json["secret"] is String)
            // A refusal of the endpoint itself is readable by the app too (it shows the message).
            let again = try await site.postJSON("/api/v1/token/provision", origin: Self.tokenAppOrigin, [
                "service_id": "KYOEI-IB", "user_id": token.userID, "activation_password": Site.activation,
            ])
            #expect(again.status == .gone)
            #expect(again.headers[.accessControlAllowOrigin] == Self.tokenAppOrigin)
            let status = try await site.postJSON("/api/v1/token/status", origin: Self.tokenAppOrigin, [
                "service_id": "KYOEI-IB", "user_id": token.userID, "time": 0, "proof": "00",
            ])
            #expect(status.status == .badRequest)
            #expect(status.headers[.accessControlAllowOrigin] == Self.tokenAppOrigin)
            // A body over the limit is refused on the way in (thrown, not answered by the
            // handler): the app still reads the refusal rather than a CORS failure.
            let oversized = try await site.send("/api/v1/token/provision", method: .post, origin: Self.tokenAppOrigin,
                                                headers: [.contentType: "application/json"],
                                                body: ByteBuffer(bytes: Array(repeating: UInt8(ascii: " "), count: 17 * 1024)))
            #expect(oversized.status == .contentTooLarge)
            #expect(oversized.headers[.accessControlAllowOrigin] == Self.tokenAppOrigin)
        }
    }

    @Test func everyOtherOriginIsRefusedAndNothingIsCounted() async throws {
        try await withSite { site in
            let browser = site.browser()
            try await browser.logIn()
            try await site.issueToken(browser)
            let token = try #require(try await site.liveToken())
            let before = try await DatabaseFingerprint.take(site.bank)
            let origins = [Site.publicURL, "http://localhost:8080", "https://evil.example", "http://127.0.0.1:8082", "null"]
            for origin in origins {
                for password in [Site.activation, "9999"] {
                    let refused = try await site.postJSON("/api/v1/token/provision", origin: origin, [
                        "service_id": "KYOEI-IB", "user_id": token.userID, "activation_password": password,
                    ])
                    #expect(refused.status == .forbidden, "\(origin)")
                    #expect(refused.json["error"] as? String == "origin_not_allowed")
                    #expect(refused.json["message"] as? String == Language.ja.text("provision.origin_not_allowed"))
                    #expect(refused.json["message_en"] as? String == Language.en.text("provision.origin_not_allowed"))
                    #expect(refused.headers[.accessControlAllowOrigin] == nil, "\(origin)")
                    #expect(refused.json["secret"] == nil)
                }
                let status = try await site.postJSON("/api/v1/token/status", origin: origin, ["service_id": "KYOEI-IB"])
                #expect(status.status == .forbidden)
                let preflight = try await site.send("/api/v1/token/provision", method: .options, origin: origin)
                #expect(preflight.status == .forbidden, "\(origin)")
                #expect(preflight.headers[.accessControlAllowOrigin] == nil)
            }
            // Not one failure counted, no audit row, the token still waits for its set-up.
            let after = try await DatabaseFingerprint.take(site.bank)
            #expect(after.differences(from: before).isEmpty, "\(after.differences(from: before))")
            #expect(try await site.liveToken()?.status == .issued)
            #expect(try await site.provision(userID: token.userID).0 == .ok, "the right password still works")
        }
    }

    @Test func withoutOriginTheAPIAnswersAsBefore() async throws {
        try await withSite { site in
            let browser = site.browser()
            try await browser.logIn()
            try await site.issueToken(browser)
            let token = try #require(try await site.liveToken())
            let (status, json) = try await site.provision(userID: token.userID)
            #expect(status == .ok)
            #expect(json["secret"] is String)
            let options = try await site.send("/api/v1/token/status", method: .options, origin: nil)
            #expect(options.status == .noContent)
            #expect(options.headers[.allow] == "OPTIONS, POST")
            #expect(options.headers[.accessControlAllowOrigin] == nil)
            // The customer site's other pages keep their own headers.
            let login = try await browser.get("/login")
            #expect(login.headers[.accessControlAllowOrigin] == nil)
            #expect(login.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
        }
    }
}

extension Site {
    struct APIResponse {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let json: [String: Any]
    }

    /// A request to the token app's API as a browser on `origin` sends it (nil: no Origin).
    func send(_ path: String, method: HTTPRequest.Method, origin: String?, headers: HTTPFields = [:],
              body: ByteBuffer? = nil) async throws -> APIResponse {
        var headers = headers
        if let origin { headers[.origin] = origin }
        let response = try await client.executeRequest(uri: path, method: method, headers: headers, body: body)
        let object = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:]
        return APIResponse(status: response.status, headers: response.headers, json: object)
    }

    func postJSON(_ path: String, origin: String?, _ object: [String: Any]) async throws -> APIResponse {
        let data = try JSONSerialization.data(withJSONObject: object)
        return try await send(path, method: .post, origin: origin, headers: [.contentType: "application/json"],
                              body: ByteBuffer(bytes: data))
    }
}
