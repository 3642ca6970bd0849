import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore

/// One keep-alive HTTP/1.1 connection to the server (Hummingbird's own test client), with
/// the little a browser does that the flows need: form posts, cookies, redirects read.
struct BankHTTP: Sendable {
    let client: TestClient

    static func connect(host: String, port: Int) -> BankHTTP {
        let client = TestClient(host: host, port: port, configuration: .init(timeout: .seconds(60)))
        client.connect()
        return BankHTTP(client: client)
    }

    func close() async { try? await client.shutdown() }

    func get(_ path: String, cookies: [String: String]) async throws -> TestClient.Response {
        try await client.execute(.init(path, method: .get, headers: headers(cookies: cookies)))
    }

    func post(_ path: String, form: [(String, String)], cookies: [String: String]) async throws -> TestClient.Response {
        var fields = headers(cookies: cookies)
        fields[.contentType] = "application/x-www-form-urlencoded"
        let body = form.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await client.execute(.init(path, method: .post, headers: fields, body: ByteBuffer(string: body)))
    }

    /// A JSON API call: the body as JSON, `Authorization: Bearer` when a token is given.
    func postJSON(_ path: String, _ body: [String: Any], token: String? = nil,
                  headers extra: HTTPFields = [:]) async throws -> TestClient.Response {
        var fields = extra
        fields[.contentType] = "application/json"
        fields[.accept] = "application/json"
        if let token { fields[.authorization] = "Bearer \(token)" }
        let data = try JSONSerialization.data(withJSONObject: body)
        return try await client.execute(.init(path, method: .post, headers: fields, body: ByteBuffer(bytes: data)))
    }

    func headers(cookies: [String: String]) -> HTTPFields {
        var fields = HTTPFields()
        if !cookies.isEmpty { fields[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        return fields
    }

    static func encode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value
    }
}

struct HTTPFlowError: Error, CustomStringConvertible {
    var description: String
}

extension TestClient.Response {
    /// The redirect target of a 303, or a failure naming what came instead.
    func redirect(startingWith prefix: String, _ step: String) throws -> String {
        let location = headers[.location] ?? ""
        guard status == .seeOther, location.hasPrefix(prefix) else {
            throw HTTPFlowError(description: "\(step): expected 303 to \(prefix), got \(status.code) \(location)")
        }
        return location
    }

    /// A cookie's value from the Set-Cookie headers.
    func cookie(_ name: String) -> String? {
        for header in headers[values: .setCookie] where header.hasPrefix(name + "=") {
            return String(header.dropFirst(name.count + 1).prefix { $0 != ";" })
        }
        return nil
    }

    /// The JSON object of an API answer of `expected` status, or a failure naming what came instead.
    func json(_ expected: Int, _ step: String) throws -> [String: Any] {
        let text = body.map { String(buffer: $0) } ?? ""
        guard status.code == expected,
              let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw HTTPFlowError(description: "\(step): expected \(expected), got \(status.code) \(text.prefix(300))")
        }
        return object
    }

    /// The form's CSRF token from the page's HTML.
    var csrfToken: String? {
        guard let body, let html = body.getString(at: body.readerIndex, length: body.readableBytes),
              let start = html.range(of: "name=\"_csrf\" value=\"") else { return nil }
        return String(html[start.upperBound...].prefix { $0 != "\"" })
    }
}
