/// The site's languages: Japanese first, English second.
public enum Language: String, Sendable, CaseIterable {
    case ja, en

    public var other: Language { self == .ja ? .en : .ja }

    /// The string table for this language; a key missing in English falls back to Japanese.
    public var strings: [String: String] {
        switch self {
        case .ja: Strings.allJa
        case .en: Strings.allEn
        }
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
    /// Every table of a language in one dictionary, built once.
    static let allJa: [String: String] = [ja, otpJa, transferJa, staffErrorsJa, staffJa, staffEventsJa, staffRequestsJa, staffOperationsJa, staffCounterJa]
        .reduce(into: [:]) { all, table in all.merge(table) { first, _ in first } }
    static let allEn: [String: String] = [en, otpEn, transferEn, staffErrorsEn, staffEn, staffEventsEn, staffRequestsEn, staffOperationsEn, staffCounterEn]
        .reduce(into: allJa) { all, table in all.merge(table) { _, english in english } }
}
