import Foundation

/// The site's languages: Japanese first, English second. Mails carry both, in this order.
public enum Language: String, Sendable, CaseIterable {
    case ja, en

    public var other: Language { self == .ja ? .en : .ja }

    /// This language's catalog with the bank's own words put in (TextCatalog).
    public var strings: [String: String] { TextCatalog.table(self) }

    /// The text for `key`. A key the catalog lacks shows as the key itself, never as another
    /// language's text: CatalogTests fail on any key used in code or templates that the catalog
    /// lacks, so none reaches a customer.
    public func text(_ key: String) -> String {
        strings[key] ?? key
    }

    /// `key` with `{0}`, `{1}` … replaced by the arguments.
    public func text(_ key: String, _ arguments: String...) -> String {
        text(key, arguments)
    }

    /// `key` with each `{name}` replaced by `values[name]`, in one pass: a value is never
    /// searched for placeholders itself, so text a customer typed stays as typed. A `{name}`
    /// without a value stays as written (the mail tests look for any left).
    ///
    /// Scans UTF-8 bytes, not Characters: the braces are ASCII, and the mails of a transfer are
    /// filled in inside its database transaction, where walking grapheme clusters of a
    /// Japanese text cost the SQLite 実行 at 8 clients about 10 % (Benchmarks/README.md).
    public func text(_ key: String, with values: [String: String]) -> String {
        Self.fill(text(key), with: values)
    }

    /// `template` with each `{name}` replaced by `values[name]` (see `text(_:with:)`). The
    /// braces are found with `memchr` in the template's bytes and the text put together as
    /// bytes: walking a String's UTF-8 view byte by byte cost ~100,000 instructions per login
    /// notice mail (callgrind, issue 20).
    static func fill(_ template: String, with values: [String: String]) -> String {
        var template = template
        return template.withUTF8 { bytes -> String? in
            guard let base = bytes.baseAddress, memchr(base, Int32(UInt8(ascii: "{")), bytes.count) != nil else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + values.values.reduce(0) { $0 + $1.utf8.count })
            var rest = 0
            while rest < bytes.count, let openPointer = memchr(base + rest, Int32(UInt8(ascii: "{")), bytes.count - rest) {
                let open = base.distance(to: openPointer.assumingMemoryBound(to: UInt8.self))
                guard open + 1 < bytes.count,
                      let closePointer = memchr(base + open + 1, Int32(UInt8(ascii: "}")), bytes.count - open - 1) else { break }
                let close = base.distance(to: closePointer.assumingMemoryBound(to: UInt8.self))
                out.append(contentsOf: bytes[rest..<open])
                let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[(open + 1)..<close]), as: UTF8.self)
                if let value = values[name] {
                    out.append(contentsOf: value.utf8)
                } else {
                    out.append(contentsOf: bytes[open...close])
                }
                rest = close + 1
            }
            out.append(contentsOf: bytes[rest...])
            return String(decoding: out, as: UTF8.self)
        } ?? template
    }

    /// `key` with `{0}`, `{1}` … replaced from a list, in one pass as `text(_:with:)` fills in
    /// names: an argument (a customer's name, say) is never searched for placeholders itself,
    /// and a `{n}` past the list stays as written. Over UTF-8 bytes: Foundation's
    /// `replacingOccurrences` bridged the text through NSString, ~1 % of the server's CPU on
    /// `GET /menu` for the customer's name alone (perf, issue 20).
    public func text(_ key: String, _ arguments: [String]) -> String {
        let template = text(key)
        let bytes = template.utf8
        var out = ""
        out.reserveCapacity(bytes.count + arguments.reduce(0) { $0 + $1.utf8.count })
        var rest = bytes.startIndex
        var open = rest
        while let found = bytes[open...].firstIndex(of: UInt8(ascii: "{")) {
            var index = 0, digits = 0, cursor = bytes.index(after: found)
            while cursor < bytes.endIndex, let digit = Self.digit(bytes[cursor]), digits < 4 {
                index = index * 10 + digit
                digits += 1
                cursor = bytes.index(after: cursor)
            }
            guard digits > 0, cursor < bytes.endIndex, bytes[cursor] == UInt8(ascii: "}"), index < arguments.count else {
                open = bytes.index(after: found)
                continue
            }
            out += template[rest..<found]
            out += arguments[index]
            rest = bytes.index(after: cursor)
            open = rest
        }
        out += template[rest...]
        return out
    }

    private static func digit(_ byte: UInt8) -> Int? {
        byte >= 0x30 && byte <= 0x39 ? Int(byte - 0x30) : nil
    }
}
