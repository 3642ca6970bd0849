import BankStore
import Foundation

// The one reader of the mail the bank writes, for every test target: headers, the base64
// UTF-8 body and RFC 2047 subjects, read the way a mail program reads them rather than with
// the composer's own helpers.

/// One RFC 5322 message as received.
public struct ParsedMessage: Sendable {
    /// Header fields in order, unfolded (CRLF + WSP removed), names as written.
    public var headers: [(name: String, value: String)]
    /// The raw body bytes after the blank line.
    public var body: [UInt8]

    public init(_ data: [UInt8]) throws {
        let text = String(decoding: data, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { throw TestSetupError(description: "no header/body separator") }
        let unfolded = text[..<split.lowerBound].replacingOccurrences(of: "\r\n ", with: " ")
            .replacingOccurrences(of: "\r\n\t", with: " ")
        headers = unfolded.components(separatedBy: "\r\n").map { line in
            let parts = line.split(separator: ":", maxSplits: 1)
            return (String(parts[0]), parts.count > 1 ? String(parts[1].dropFirst()) : "")
        }
        body = Array(text[split.upperBound...].utf8)
    }

    public init(_ text: String) throws { try self.init(Array(text.utf8)) }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The base64 body decoded as UTF-8 text.
    public func decodedBody() throws -> String {
        let joined = String(decoding: body, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "")
        guard let data = Data(base64Encoded: joined), let text = String(data: data, encoding: .utf8) else {
            throw TestSetupError(description: "body is not base64 UTF-8")
        }
        return text
    }

    /// The Subject with its encoded-words decoded.
    public func decodedSubject() throws -> String {
        try decodeRFC2047(header("Subject") ?? "")
    }
}

/// Decodes `=?UTF-8?B?…?=` words (RFC 2047): whitespace between adjacent encoded-words is
/// dropped, other text is kept. Each word must decode to valid UTF-8 on its own (§5).
public func decodeRFC2047(_ value: String) throws -> String {
    var result = ""
    var previousWasEncoded = false
    for (index, token) in value.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
        if let word = try decodeEncodedWord(String(token)) {
            if !previousWasEncoded && index > 0 { result += " " }
            result += word
            previousWasEncoded = true
        } else {
            if index > 0 { result += " " }
            result += token
            previousWasEncoded = false
        }
    }
    return result
}

public func decodeEncodedWord(_ token: String) throws -> String? {
    guard token.hasPrefix("=?"), token.hasSuffix("?="), token.count > 4 else { return nil }
    let parts = token.dropFirst(2).dropLast(2).split(separator: "?", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].uppercased() == "UTF-8", parts[1].uppercased() == "B",
          let data = Data(base64Encoded: String(parts[2])), let text = String(data: data, encoding: .utf8)
    else { throw TestSetupError(description: "bad encoded-word \(token)") }
    return text
}

/// A queued mail as its recipient reads it.
public enum TestMail {
    public static func body(_ mail: OutboxMail) throws -> String { try ParsedMessage(mail.data).decodedBody() }
    public static func subject(_ mail: OutboxMail) throws -> String { try ParsedMessage(mail.data).decodedSubject() }

    /// `メール通知パスワード: XXXXXXXXXX` in the Japanese part of a body.
    public static func mailPassword(in body: String) -> String? {
        // split(whereSeparator:), not components(separatedBy: "\n"): "\r\n" is one Character.
        for line in body.split(whereSeparator: \.isNewline) where line.hasPrefix("メール通知パスワード: ") {
            return String(line.dropFirst("メール通知パスワード: ".count)).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }
}
