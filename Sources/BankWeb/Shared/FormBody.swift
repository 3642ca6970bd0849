import BankCore
import Foundation
import Hummingbird

/// An `application/x-www-form-urlencoded` body as a dictionary (last value wins).
struct FormBody: Sendable {
    let fields: [String: String]

    subscript(_ name: String) -> String? { fields[name] }

    /// The field, or "" when absent.
    func value(_ name: String) -> String { fields[name] ?? "" }

    /// The form the CSRF check already read, or the body read now.
    static func read(_ request: Request, context: BankRequestContext) async throws -> FormBody {
        if let form = context.form { return form }
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        return FormBody(urlEncoded: String(buffer: buffer))
    }

    /// Pairs split at `&`, each at its first `=`; a name or value with `+` for a space and
    /// `%XY` escapes, "" when an escape is malformed or the bytes are not UTF-8. A browser
    /// escapes everything but ASCII; a raw character is kept as sent, and the body is split at
    /// the bytes `&` and `=` even where a combining mark follows one.
    ///
    /// Read over the body's bytes: Foundation's `replacingOccurrences` and
    /// `removingPercentEncoding` per name and value, after a split by Character, were ~44,000
    /// instructions per field of every form posted (callgrind, issue 20).
    init(urlEncoded body: String) {
        var fields: [String: String] = [:]
        for pair in body.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let key = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            fields[key] = value
        }
        self.fields = fields
    }

    static func decode(_ text: Substring.UTF8View) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count)
        var index = text.startIndex
        while index != text.endIndex {
            let byte = text[index]
            text.formIndex(after: &index)
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard index != text.endIndex, let high = Hex.value(ofDigit: text[index]) else { return "" }
                text.formIndex(after: &index)
                guard index != text.endIndex, let low = Hex.value(ofDigit: text[index]) else { return "" }
                text.formIndex(after: &index)
                bytes.append(high << 4 | low)
            default:
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self) ?? ""
    }
}
