import BankCore
import Foundation

/// The site's languages: Japanese first, English second.
public enum Language: String, Sendable, CaseIterable {
    case ja, en

    public var other: Language { self == .ja ? .en : .ja }

    /// The string table for this language; a key missing in English falls back to Japanese.
    /// `{bank_self}` is the bank's word for itself (当組合; BankSelfName, from configuration).
    public var strings: [String: String] {
        let tables = Strings.tables(for: BankSelfName.current)
        return self == .ja ? tables.ja : tables.en
    }

    public func text(_ key: String) -> String {
        strings[key] ?? key
    }

    /// `key` with `{0}`, `{1}` … replaced by the arguments.
    public func text(_ key: String, _ arguments: String...) -> String {
        var out = text(key)
        for (index, argument) in arguments.enumerated() {
            out = out.replacingOccurrences(of: "{\(index)}", with: argument)
        }
        return out
    }
}

enum Strings {
    /// The tables with the bank's word put in, made once per word (the word is set once at start).
    static func tables(for name: BankSelfName) -> (ja: [String: String], en: [String: String]) {
        cache.withLock { cached in
            if let cached, cached.name == name { return (cached.ja, cached.en) }
            let made = (name: name, ja: allJa.mapValues { name.substitute(in: $0, english: false) },
                        en: allEn.mapValues { name.substitute(in: $0, english: true) })
            cached = made
            return (made.ja, made.en)
        }
    }

    private static let cache = TablesCache()

    /// Every table of a language in one dictionary, built once.
    static let allJa: [String: String] = [ja, otpJa, transferJa, staffErrorsJa, staffJa, staffEventsJa, staffRequestsJa, staffOperationsJa, staffCounterJa, staffDetailsJa]
        .reduce(into: [:]) { all, table in all.merge(table) { first, _ in first } }
    static let allEn: [String: String] = [en, otpEn, transferEn, staffErrorsEn, staffEn, staffEventsEn, staffRequestsEn, staffOperationsEn, staffCounterEn, staffDetailsEn]
        .reduce(into: allJa) { all, table in all.merge(table) { _, english in english } }
}

/// The substituted tables behind a lock.
private final class TablesCache: @unchecked Sendable {
    private let lock = NSLock()
    private var value: (name: BankSelfName, ja: [String: String], en: [String: String])?
    func withLock<T>(_ body: (inout (name: BankSelfName, ja: [String: String], en: [String: String])?) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
