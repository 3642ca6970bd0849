import Foundation

/// What a customer asks the bank or branch picker: a name (kanji or kana, partial), a code
/// (digits), a 50音 row, or one initial syllable. Parsed from the picker's three inputs so
/// the web page and any other caller refuse the same things with the same field names.
public enum DirectoryQuery: Sendable, Equatable {
    /// Nothing asked yet: the picker shows its index (and the major banks).
    case none
    /// Part of a name, in `DirectoryMatch.key` form.
    case name(String)
    /// The start of a code, in half-width digits.
    case code(String)
    case row(KanaIndex.Row)
    /// One syllable of the index, in hiragana (が is asked as か).
    case initial(String)

    /// Longer than any bank or branch name in the master (kanji 30, kana 48 half-width).
    public static let maximumTextLength = 48

    /// The form field each input comes from.
    public enum Field: String, Sendable {
        case text = "q", row, initial = "kana"
    }

    /// Text wins over an initial, an initial over a row: the form's search box is the most
    /// precise thing asked, and a syllable link carries its row along for the page's index.
    public static func parse(text: String?, row: String?, initial: String?) throws(DirectoryQueryError) -> DirectoryQuery {
        let trimmed = TextNormalizer.fullwidthASCIIToHalfwidth(text ?? "").trimmingCharacters(in: .whitespaces)
        if !trimmed.isEmpty {
            guard trimmed.count <= maximumTextLength else { throw DirectoryQueryError(field: .text, problem: .tooLong) }
            guard !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw DirectoryQueryError(field: .text, problem: .invalid)
            }
            if trimmed.allSatisfy({ $0.isASCII && $0.isNumber }) { return .code(trimmed) }
            let key = DirectoryMatch.key(trimmed)
            guard !key.isEmpty else { throw DirectoryQueryError(field: .text, problem: .invalid) }
            return .name(key)
        }
        if let initial, !initial.isEmpty {
            guard let syllable = KanaIndex.syllable(initial) else { throw DirectoryQueryError(field: .initial, problem: .invalid) }
            return .initial(syllable)
        }
        if let row, !row.isEmpty {
            guard let found = KanaIndex.row(named: row) else { throw DirectoryQueryError(field: .row, problem: .invalid) }
            return .row(found)
        }
        return .none
    }

    /// The row the page's index shows open (the asked row, or the initial's row).
    public var openRow: KanaIndex.Row? {
        switch self {
        case .row(let row): row
        case .initial(let syllable): KanaIndex.row(containing: syllable)
        default: nil
        }
    }
}

/// A picker input that cannot be searched for.
public struct DirectoryQueryError: Error, Sendable, Equatable {
    public enum Problem: String, Sendable { case tooLong = "too_long", invalid }

    public let field: DirectoryQuery.Field
    public let problem: Problem

    public init(field: DirectoryQuery.Field, problem: Problem) {
        self.field = field
        self.problem = problem
    }

    /// `error.directory_search.q_too_long`, `error.directory_search.kana_invalid`, …
    public var messageKey: String { "error.directory_search.\(field.rawValue)_\(problem.rawValue)" }
}
