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
        let template = text(key)
        let bytes = template.utf8
        var out = ""
        out.reserveCapacity(bytes.count)
        var rest = bytes.startIndex
        while let open = bytes[rest...].firstIndex(of: UInt8(ascii: "{")),
              let close = bytes[open...].firstIndex(of: UInt8(ascii: "}")) {
            out += template[rest..<open]
            let after = bytes.index(after: close)
            out += values[String(template[bytes.index(after: open)..<close])] ?? String(template[open..<after])
            rest = after
        }
        out += template[rest...]
        return out
    }

    /// `key` with `{0}`, `{1}` … replaced from a list.
    public func text(_ key: String, _ arguments: [String]) -> String {
        var out = text(key)
        for (index, argument) in arguments.enumerated() {
            out = out.replacingOccurrences(of: "{\(index)}", with: argument)
        }
        return out
    }
}
