import Foundation
import Hummingbird
import Synchronization

/// A bank that answers `POST /api/v1/token/provision` per docs/token-provisioning.md, with
/// special user IDs that produce each refusal and each kind of broken answer.
final class StubBank: Sendable {
    static let secretBase32 = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    static let userID = "4821937705"
    static let password = "2468"

    /// Bodies received (activation password included: this is a test bank), with headers.
    struct Received: Sendable {
        var body: [String: String]
        var contentType: String?
        var accept: String?
        var path: String
    }

    private let state = Mutex<(received: [Received], setUp: Set<String>)>(([], []))

    var received: [Received] { state.withLock { $0.received } }

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.post("/api/v1/token/provision") { request, _ in try await self.provision(request) }
        // Where the 307 points: reached only if the client followed the redirect.
        router.post("/elsewhere") { request, _ in
            self.state.withLock { $0.received.append(Received(body: [:], path: "/elsewhere")) }
            return Self.json(200, "{}")
        }
        return router
    }

    private func provision(_ request: Request) async throws -> Response {
        let data = Data(try await request.body.collect(upTo: 16 * 1024).readableBytesView)
        let body = (try? JSONDecoder().decode([String: String].self, from: data)) ?? [:]
        let firstTime = state.withLock { state in
            state.received.append(Received(body: body, contentType: request.headers[.contentType],
                                           accept: request.headers[.accept], path: "/api/v1/token/provision"))
            return body["user_id"].map { !state.setUp.contains($0) } ?? true
        }
        guard let service = body["service_id"], let user = body["user_id"], let password = body["activation_password"],
              user.count == 10, user.allSatisfy(\.isASCII) else {
            return Self.refusal(400, "invalid_request", "入力内容に誤りがあります。", "The request is not valid.")
        }
        switch user {
        case "4000000000": return Self.refusal(400, "invalid_request", "入力内容に誤りがあります。", "The request is not valid.")
        case "4100000000": return Self.refusal(410, "token_unavailable", "このトークンは利用できません。", "This token is not available.")
        case "4230000000": return Self.refusal(423, "token_void", "トークンは無効になりました。", "The token is now void.")
        case "5000000000": return Response(status: .internalServerError, body: .init(byteBuffer: ByteBuffer(string: "oops")))
        case "4010000000": return Self.json(401, "<html>no</html>")
        case "2000000000": return Self.json(200, "not json")
        case "2000000001": return Self.json(200, Self.token(userID: "9999999999"))
        case "2000000002": return Self.json(200, Self.token(userID: user, digits: 12))
        case "2000000003": return Self.json(200, Self.token(userID: user, secret: "NOT*BASE32"))
        case "3070000000":
            return Response(status: .temporaryRedirect, headers: [.location: "/elsewhere"])
        default: break
        }
        guard service.trimmingCharacters(in: .whitespaces).uppercased() == "KYOEI-IB", user == Self.userID,
              password == Self.password else {
            return Self.refusal(401, "invalid_credentials", "サービスID、ユーザID、または利用開始パスワードが正しくありません。",
                                "The service ID, user ID or activation password is incorrect.")
        }
        guard firstTime else {
            return Self.refusal(410, "token_unavailable", "このトークンは利用できません。", "This token is not available.")
        }
        state.withLock { _ = $0.setUp.insert(user) }
        return Self.json(200, Self.token(userID: user))
    }

    static func token(userID: String, digits: Int = 6, secret: String = secretBase32) -> String {
        """
        {"service_id":"KYOEI-IB","user_id":"\(userID)","secret":"\(secret)","algorithm":"SHA1",\
        "digits":\(digits),"period":60,"issuer":"協栄信用組合"}
        """
    }

    static func refusal(_ status: Int, _ code: String, _ message: String, _ english: String) -> Response {
        json(status, #"{"error":"\#(code)","message":"\#(message)","message_en":"\#(english)"}"#)
    }

    static func json(_ status: Int, _ text: String) -> Response {
        Response(status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
