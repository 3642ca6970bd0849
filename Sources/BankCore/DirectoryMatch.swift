import Foundation

/// How the bank and branch pickers compare what the customer typed with the master's names:
/// both sides in one form (full-width ASCII half-width, hiragana and katakana as half-width
/// katakana, small kana large, latin upper-case, no spaces), so みずほ, ミズホ and ﾐｽﾞﾎ all
/// find ﾐｽﾞﾎ, and ｕｆｊ finds 三菱ＵＦＪ銀行.
public enum DirectoryMatch {
    /// The comparable form of a name, its kana, or a query.
    public static func key(_ text: String) -> String {
        String(String.UnicodeScalarView(KanaName.normalize(text).unicodeScalars.filter { !" 　・･".unicodeScalars.contains($0) }))
    }

    /// One candidate: a bank or a branch, by code, name and kana.
    public struct Candidate: Sendable, Equatable {
        public let code: String
        public let name: String
        public let kana: String

        public init(code: String, name: String, kana: String) {
            self.code = code
            self.name = name
            self.kana = kana
        }
    }

    /// The candidates the query asks for, in 50音 order of their kana (codes break ties); for
    /// a name, those whose name or kana starts with it come before those that only contain it.
    /// `.none` asks for nothing: the picker then shows its index, not the whole master.
    public static func filter(_ candidates: [Candidate], _ query: DirectoryQuery) -> [Candidate] {
        switch query {
        case .none:
            return []
        case .code(let digits):
            return candidates.filter { $0.code.hasPrefix(digits) }.sorted { $0.code < $1.code }
        case .row(let row):
            return sorted(candidates.filter { KanaIndex.initial(ofKana: $0.kana).map(row.syllables.contains) ?? false })
        case .initial(let syllable):
            return sorted(candidates.filter { KanaIndex.initial(ofKana: $0.kana) == syllable })
        case .name(let key):
            var starting: [Candidate] = []
            var containing: [Candidate] = []
            for candidate in candidates {
                let name = Self.key(candidate.name), kana = Self.key(candidate.kana)
                if name.hasPrefix(key) || kana.hasPrefix(key) {
                    starting.append(candidate)
                } else if name.contains(key) || kana.contains(key) {
                    containing.append(candidate)
                }
            }
            return sorted(starting) + sorted(containing)
        }
    }

    /// Scalars, not Characters: Swift joins ｶ and ﾞ into one Character.
    private static func withoutVoicing(_ kana: String) -> [Unicode.Scalar] {
        kana.unicodeScalars.filter { $0 != "ﾞ" && $0 != "ﾟ" }
    }

    /// 50音 order: by the kana without 濁点/半濁点 first (ガ beside カ, not after ン), then
    /// with them, then by code.
    public static func sorted(_ candidates: [Candidate]) -> [Candidate] {
        candidates.sorted { left, right in
            let (l, r) = (key(left.kana), key(right.kana))
            let (lBase, rBase) = (withoutVoicing(l), withoutVoicing(r))
            if lBase != rBase { return lBase.lexicographicallyPrecedes(rBase) }
            if l != r { return l.unicodeScalars.lexicographicallyPrecedes(r.unicodeScalars) }
            return left.code < right.code
        }
    }
}
