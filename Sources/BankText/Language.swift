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
    public func text(_ key: String, with values: [String: String]) -> String {
        var out = ""
        var rest = Substring(text(key))
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += rest[..<open]
            out += values[String(rest[rest.index(after: open)..<close])] ?? String(rest[open...close])
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
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
