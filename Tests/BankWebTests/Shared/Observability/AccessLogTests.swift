import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Logging
import Synchronization
import Testing

/// KYOEI_LOG_FORMAT=json: the site's lines through the JSONLogHandler `kyoei serve` installs,
/// captured: one JSON object per line, the access line's fields, nothing secret.
@Suite struct AccessLogTests {
    final class Lines: Sendable {
        private let storage = Mutex<[String]>([])
        var all: [String] { storage.withLock { $0 } }
        func append(_ line: String) { storage.withLock { $0.append(line) } }
        func objects() throws -> [[String: Any]] {
            try all.map { line in
                #expect(line.hasSuffix("\n") && line.dropLast().firstIndex(of: "\n") == nil, "one object per line: \(line)")
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
                return try #require(object as? [String: Any])
            }
        }
    }

    @Test func everyRequestIsOneJSONLineWithItsFieldsAndNoSecret() async throws {
        let lines = Lines()
        var logger = Logger(label: "kyoei") { label in
            JSONLogHandler(label: label, metadataProvider: .requestID, write: { lines.append($0) })
        }
        logger.logLevel = .info
        try await withObservedSite(logger: logger) { site in
            let browser = site.browser()
            let login = try await browser.logIn()
            #expect(login.location == "/menu")
            let menu = try await browser.get("/menu?tab=1")
            #expect(menu.status == .ok)
            let missing = try await browser.get("/no-such-page/12345")
            #expect(missing.status == .notFound)

            let requests = try lines.objects().filter { $0["msg"] as? String == "request" }
            let byID = Dictionary(requests.map { ($0["request_id"] as? String ?? "", $0) }) { first, _ in first }
            let menuID = try #require(menu.requestID), loginID = try #require(login.requestID)
            let missingID = try #require(missing.requestID)
            let menuLine = try #require(byID[menuID])
            #expect(menuLine["route"] as? String == "/menu")
            #expect(menuLine["method"] as? String == "GET")
            #expect(menuLine["status"] as? Int == 200)
            #expect(menuLine["duration_ms"] is Double || menuLine["duration_ms"] is Int)
            #expect(menuLine["customer_id"] as? Int == Int(site.customerID))
            #expect(menuLine["level"] as? String == "info")
            #expect(menuLine["logger"] as? String == "kyoei")
            #expect((menuLine["ts"] as? String)?.hasSuffix("Z") == true)
            let loginLine = try #require(byID[loginID])
            #expect(loginLine["route"] as? String == "/login" && loginLine["method"] as? String == "POST")
            #expect(loginLine["status"] as? Int == 303 || loginLine["status"] as? Int == 302)
            let missingLine = try #require(byID[missingID])
            #expect(missingLine["route"] as? String == "unmatched", "a pattern, never the path typed")
            #expect(missingLine["status"] as? Int == 404)

            let everything = lines.all.joined()
            for secret in browser.cookieValues + [Site.password, "tab=1", "12345"] {
                #expect(!everything.contains(secret), "logged: \(secret)")
            }
        }
    }

    @Test func aSecretKeyIsRedactedWhoeverLogsIt() throws {
        let line = JSONLogHandler.line(at: Date(timeIntervalSince1970: 0), level: .warning, label: "x", message: "m",
                                       metadata: ["login_password": "hunter2", "sessionCookie": "abc", "msg": "clash",
                                                  "status": "503", "nested": .dictionary(["a": .array(["1", "2"])])])
        let parsed = try JSONSerialization.jsonObject(with: Data(line.utf8))
        let object = try #require(parsed as? [String: Any])
        #expect(object["login_password"] as? String == "[redacted]")
        #expect(object["sessionCookie"] as? String == "[redacted]")
        #expect(object["msg"] as? String == "m" && object["meta_msg"] as? String == "clash")
        #expect(object["status"] as? Int == 503)
        #expect(object["ts"] as? String == "1970-01-01T00:00:00.000Z")
        #expect((object["nested"] as? [String: [String]])?["a"] == ["1", "2"])
        #expect(!line.contains("hunter2"))
    }
}
