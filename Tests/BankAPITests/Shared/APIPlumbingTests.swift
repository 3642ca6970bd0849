import BankAPI
import BankCore
import BankServices
import BankTestSupport
import Foundation
import HTTPTypes
import Testing

/// What every operation gets before its handler runs: size limit, JSON reading, unknown
/// fields, media type, CORS, the per-address limit, and problem answers for unknown paths.
@Suite struct APIPlumbingTests {
    @Test func bodiesOverTheLimitAre413() async throws {
        try await withAPI(api: APISettings(maxBodyBytes: 1_024)) { site in
            let padding = String(repeating: "x", count: 2_000)
            let response = try await site.call(.post, "/api/v1/sessions", json: jsonText(["loginId": "tanaka01", "password": padding]))
            #expect(response.status == .contentTooLarge)
            #expect(response.problem == "api.too_large")
            #expect(response.messages.en == "The request is too large (at most 1024 bytes).")
            #expect(try await site.audit(event: "login").isEmpty, "nothing was checked")
        }
    }

    @Test func malformedJSONIs400NamingTheProblem() async throws {
        try await withAPI { site in
            let broken = try await site.call(.post, "/api/v1/sessions", json: #"{"loginId": "tanaka01", "password": }"#)
            #expect(broken.status == .badRequest)
            #expect(broken.contentType.hasPrefix("application/problem+json"))
            #expect(broken.problem == "api.malformed")
            #expect(broken.messages.en == "The request could not be read.")
            #expect(broken.messages.ja == "リクエストの内容を読み取れません。")
            #expect((broken.json["detail"] as? String)?.hasPrefix("リクエストの内容を読み取れません。 (") == true, "the parser's words")
            #expect(broken.fieldErrors == ["": "error.api.malformed_json"], "the body as a whole")

            let wrongType = try await site.call(.post, "/api/v1/sessions", json: #"{"loginId": 12, "password": "x"}"#)
            #expect(wrongType.status == .badRequest)
            #expect(wrongType.fieldErrors == ["loginId": "error.api.wrong_type"])

            let missing = try await site.call(.post, "/api/v1/sessions", json: #"{"loginId": "tanaka01"}"#)
            #expect(missing.status == .badRequest)
            #expect(missing.fieldErrors == ["password": "error.api.missing_field"])

            let noBody = try await site.call(.post, "/api/v1/sessions")
            #expect(noBody.status == .badRequest)
            #expect(try await site.audit(event: "login").isEmpty)
        }
    }

    @Test func unknownFieldsAreRefused() async throws {
        try await withAPI { site in
            let response = try await site.call(.post, "/api/v1/sessions",
                                               json: #"{"loginId":"tanaka01","password":"Passw0rdLogin","remember":true}"#)
            #expect(response.status == .badRequest)
            #expect(response.fieldErrors == ["remember": "error.api.unknown_field"])
            #expect(try await site.sessionCount() == 0)
            let token = try await site.logIn()
            let nested = try await site.call(.put, "/api/v1/security/mail-password", token: token,
                                             json: #"{"enabled":false,"confirmationPassword":"x","admin":true}"#)
            #expect(nested.fieldErrors == ["admin": "error.api.unknown_field"])
        }
    }

    @Test func otherMediaTypesAre415() async throws {
        try await withAPI { site in
            let response = try await site.call(.post, "/api/v1/sessions", json: "loginId=tanaka01&password=x",
                                               headers: [.contentType: "application/x-www-form-urlencoded"])
            #expect(response.status == .unsupportedMediaType)
            #expect(response.problem == "api.media_type")
        }
    }

    /// No `Access-Control-Allow-Origin` anywhere under /api/v1: a page of another origin
    /// cannot read an answer, nor pass a preflight.
    @Test func corsIsClosed() async throws {
        try await withAPI { site in
            let origin: HTTPFields = [HTTPField.Name("Origin")!: "https://evil.example"]
            let login = try await site.createSession(headers: origin)
            #expect(login.status == .created)
            #expect(login.headers[HTTPField.Name("Access-Control-Allow-Origin")!] == nil)
            var preflight = origin
            preflight[HTTPField.Name("Access-Control-Request-Method")!] = "POST"
            let options = try await site.call(.options, "/api/v1/sessions", headers: preflight)
            #expect(options.status == .methodNotAllowed)
            #expect(options.headers[HTTPField.Name("Access-Control-Allow-Origin")!] == nil)
            #expect(options.headers[HTTPField.Name("Access-Control-Allow-Methods")!] == nil)
            #expect(options.contentType.hasPrefix("application/problem+json"))
            #expect(options.headers[.allow]?.contains("POST") == true)
        }
    }

    @Test func requestsWithoutALiveSessionAreLimitedPerAddress() async throws {
        try await withAPI(api: APISettings(anonymousRateLimit: APIRateLimit(requests: 3, seconds: 3600))) { site in
            // 3 an hour: one request refills in 20 min, far longer than the test takes on a
            // loaded machine (3 a minute refilled one while the Argon2 checks ran).
            let token = try await site.logIn()
            for _ in 1...2 { #expect(try await site.createSession(APISite.loginID, "WrongPassw0rd").status == .unauthorized) }
            let limited = try await site.createSession()
            #expect(limited.status == .tooManyRequests)
            #expect(limited.problem == "api.rate_limited")
            // One request's worth of 3 an hour: 1,200 s, less what refilled while the test ran.
            let retryAfter = try #require(limited.headers[.retryAfter].flatMap(Int.init))
            #expect((1_000...1_200).contains(retryAfter))
            #expect(try await site.call(.get, "/api/v1/openapi.yaml").status == .tooManyRequests)
            #expect(try await site.call(.get, "/api/v1/accounts", token: "f00d").status == .tooManyRequests, "a wrong token counts")
            // A live session is not held back.
            #expect(try await site.call(.get, "/api/v1/accounts", token: token).status == .ok)
            #expect(try await site.audit(event: "login").count == 3, "the limited login was never checked")
        }
    }

    @Test func unknownPathsAndMethodsAnswerProblems() async throws {
        try await withAPI { site in
            let missing = try await site.call(.get, "/api/v1/nothing-here")
            #expect(missing.status == .notFound)
            #expect(missing.problem == "api.not_found")
            let method = try await site.call(.patch, "/api/v1/accounts")
            #expect(method.status == .methodNotAllowed)
            #expect(method.headers[.allow]?.contains("GET") == true)
            #expect(method.problem == "api.method_not_allowed")
            // The pages keep their own 404.
            #expect(try await site.call(.get, "/nothing-here").contentType.hasPrefix("text/html"))
        }
    }

    @Test func problemsFollowAcceptLanguage() async throws {
        try await withAPI { site in
            let english = try await site.call(.get, "/api/v1/accounts", headers: [.acceptLanguage: "en-GB,en;q=0.9,ja;q=0.5"])
            #expect(english.json["detail"] as? String == "Please log in: the token is missing or not valid.")
            #expect(english.json["title"] as? String == "Please log in: the token is missing or not valid.")
            #expect(english.json["instance"] as? String == "/api/v1/accounts")
            let japanese = try await site.call(.get, "/api/v1/accounts")
            #expect(japanese.json["detail"] as? String == "ログインしてください（トークンがないか、有効ではありません）。")
            #expect(japanese.json["type"] as? String == "urn:kyoei:problem:api.unauthenticated")
        }
    }

    /// The document served is the repository's openapi.yaml, byte for byte; the reference
    /// page is rendered from it, with no script and nothing from another origin.
    @Test func documentAndReferencePage() async throws {
        try await withAPI { site in
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent()
            let file = try String(contentsOf: root.appendingPathComponent("openapi.yaml"), encoding: .utf8)
            let served = try await site.call(.get, "/api/v1/openapi.yaml")
            #expect(served.status == .ok)
            #expect(served.contentType.hasPrefix("application/yaml"))
            #expect(served.body == file)

            let docs = try await site.call(.get, "/api/v1/docs")
            #expect(docs.status == .ok)
            #expect(docs.contentType == "text/html; charset=utf-8")
            for operation in ["createSession", "verifySessionOTP", "listAccountTransactions", "createTransfer", "setMailPassword"] {
                #expect(docs.body.contains(#"id="\#(operation)""#), "\(operation)")
            }
            #expect(!docs.body.contains("<script"))
            #expect(!docs.body.contains("https://"), "no CDN, no other origin")
            #expect(docs.body.contains(#"<link rel="stylesheet" href="/static/app.css">"#))
        }
    }
}
