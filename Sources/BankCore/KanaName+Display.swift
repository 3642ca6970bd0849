/// The master's half-width kana (ﾐｽﾞﾎ) as screens show it beside a name: full-width
/// katakana (ミズホ), 濁点 and 半濁点 joined to their letter. Only kana change; the rest stays.
extension KanaName {
    public static func fullwidthDisplay(_ halfwidth: String) -> String {
        var out: [Character] = []
        // Scalars, not Characters: Swift joins ｶ and ﾞ into one Character.
        for scalar in halfwidth.unicodeScalars {
            let character = Character(scalar)
            if character == "ﾞ" || character == "ﾟ", let last = out.last,
               let joined = joinedMark(last, semi: character == "ﾟ") {
                out[out.count - 1] = joined
                continue
            }
            if let index = halfwidthKatakana.firstIndex(of: character) {
                out.append(fullwidthKatakana[index])
            } else {
                out.append(character == "ﾞ" ? "゛" : character == "ﾟ" ? "゜" : character)
            }
        }
        return String(out)
    }

    private static func joinedMark(_ base: Character, semi: Bool) -> Character? {
        let bases = Array(semi ? "ハヒフヘホ" : "カキクケコサシスセソタチツテトハヒフヘホウ")
        let marked = Array(semi ? "パピプペポ" : "ガギグゲゴザジズゼゾダヂヅデドバビブベボヴ")
        return bases.firstIndex(of: base).map { marked[$0] }
    }
}
