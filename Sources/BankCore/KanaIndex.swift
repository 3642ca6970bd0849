/// The 50音 index (頭文字) of the bank and branch pickers: the rows あ か さ た な は ま や ら わ,
/// the syllables of each, and the initial of a name's kana, as every Japanese bank's
/// 金融機関・支店の検索 offers them.
///
/// A name sorts under its first syllable without 濁点/半濁点 (ガ under か, パ under は, ヴ under
/// う), small kana under the large one, as in a 50音順 index: the master's half-width kana
/// writes ガ as ｶ + ﾞ, so the first letter is already the base syllable.
public enum KanaIndex {
    public struct Row: Sendable, Equatable, Hashable {
        /// The row's name and first syllable, in hiragana (あ, か, …).
        public let head: String
        /// Its syllables in 50音 order, in hiragana.
        public let syllables: [String]
    }

    /// わ stands for を and ん too: no bank or branch is known by them, and a button each would
    /// only lead to empty lists.
    public static let rows: [Row] = [
        Row(head: "あ", syllables: ["あ", "い", "う", "え", "お"]),
        Row(head: "か", syllables: ["か", "き", "く", "け", "こ"]),
        Row(head: "さ", syllables: ["さ", "し", "す", "せ", "そ"]),
        Row(head: "た", syllables: ["た", "ち", "つ", "て", "と"]),
        Row(head: "な", syllables: ["な", "に", "ぬ", "ね", "の"]),
        Row(head: "は", syllables: ["は", "ひ", "ふ", "へ", "ほ"]),
        Row(head: "ま", syllables: ["ま", "み", "む", "め", "も"]),
        Row(head: "や", syllables: ["や", "ゆ", "よ"]),
        Row(head: "ら", syllables: ["ら", "り", "る", "れ", "ろ"]),
        Row(head: "わ", syllables: ["わ", "を", "ん"]),
    ]

    /// The row whose name is `head` (あ, か, …; katakana and half-width forms are read too).
    public static func row(named head: String) -> Row? {
        guard let syllable = syllable(head) else { return nil }
        return rows.first { $0.head == syllable }
    }

    /// The row a syllable belongs to (が → か row).
    public static func row(containing syllable: String) -> Row? {
        rows.first { $0.syllables.contains(syllable) }
    }

    /// One syllable as the index names it: `text` in hiragana, katakana or half-width kana,
    /// reduced to its base syllable (が → か). Nil for anything but one kana syllable.
    public static func syllable(_ text: String) -> String? {
        // Scalars, not Characters: Swift joins ｶ and ﾞ into one Character.
        let scalars = Array(KanaName.normalize(text).unicodeScalars)
        guard let first = scalars.first, scalars.count <= 2 else { return nil }
        if scalars.count == 2, !["ﾞ", "ﾟ"].contains(scalars[1]) { return nil }
        guard let found = initial(ofKana: String(first)), row(containing: found) != nil else { return nil }
        return found
    }

    /// The 頭文字 of a name's kana (`ﾐｽﾞﾎ` → み, `ｷﾞﾌ` → き), in hiragana; nil when the
    /// kana does not start with a kana syllable (a digit, a latin letter, ｰ).
    public static func initial(ofKana kana: String) -> String? {
        guard let first = KanaName.normalize(kana).unicodeScalars.first,
              let index = KanaName.halfwidthKatakana.firstIndex(of: Character(first)) else { return nil }
        let katakana = KanaName.fullwidthKatakana[index]
        guard katakana != "ー", let scalar = katakana.unicodeScalars.first,
              let hiragana = Unicode.Scalar(scalar.value - 0x60) else { return nil }
        return String(Character(hiragana))
    }
}
