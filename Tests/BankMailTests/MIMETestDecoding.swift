import Foundation

/// An independent reader for what `MailComposer` writes, so the tests check the bytes the
/// way a mail program would read them rather than trusting the encoder's own helpers.
struct ParsedMessage {
    /// Header fields in order, unfolded (CRLF + WSP removed), names as written.
    var headers: [(name: String, value: String)]
    /// The raw body bytes after the blank line.
    var body: [UInt8]

    init(_ data: [UInt8]) throws {
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

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The base64 body decoded as UTF-8 text.
    func decodedBody() throws -> String {
        let joined = String(decoding: body, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "")
        guard let data = Data(base64Encoded: joined), let text = String(data: data, encoding: .utf8) else {
            throw TestSetupError(description: "body is not base64 UTF-8")
        }
        return text
    }
}

/// Decodes `=?UTF-8?B?…?=` words (RFC 2047): whitespace between adjacent encoded-words is
/// dropped, other text is kept. Each word must decode to valid UTF-8 on its own (§5).
func decodeRFC2047(_ value: String) throws -> String {
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

func decodeEncodedWord(_ token: String) throws -> String? {
    guard token.hasPrefix("=?"), token.hasSuffix("?="), token.count > 4 else { return nil }
    let parts = token.dropFirst(2).dropLast(2).split(separator: "?", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].uppercased() == "UTF-8", parts[1].uppercased() == "B",
          let data = Data(base64Encoded: String(parts[2])), let text = String(data: data, encoding: .utf8)
    else { throw TestSetupError(description: "bad encoded-word \(token)") }
    return text
}

/// All lines of `data` split at CRLF; fails on any bare CR or LF.
func crlfLines(_ data: [UInt8]) throws -> [String] {
    var lines: [String] = []
    var current: [UInt8] = []
    var index = 0
    while index < data.count {
        switch data[index] {
        case 0x0D:
            guard index + 1 < data.count, data[index + 1] == 0x0A else { throw TestSetupError(description: "bare CR at \(index)") }
            lines.append(String(decoding: current, as: UTF8.self))
            current = []
            index += 1
        case 0x0A:
            throw TestSetupError(description: "bare LF at \(index)")
        default:
            current.append(data[index])
        }
        index += 1
    }
    if !current.isEmpty { lines.append(String(decoding: current, as: UTF8.self)) }
    return lines
}
