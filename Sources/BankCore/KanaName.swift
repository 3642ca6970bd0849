import Foundation

/// A holder name in half-width katakana, the form that Japanese bank transfers (Zengin) carry.
///
/// Input may be hiragana, full-width katakana, half-width katakana, upper- or lower-case
/// latin letters and digits; it is normalised to half-width, small kana become large ones
/// (Zengin has no small kana), and anything outside the Zengin character set is refused.
public struct KanaName: Sendable, Hashable, Codable, CustomStringConvertible {
    public let value: String
    public static let maximumLength = 48

    public var description: String { value }

    public init(validating raw: String) throws(KanaNameError) {
        let normalized = KanaName.normalize(raw)
        if normalized.isEmpty { throw .empty }
        if normalized.unicodeScalars.count > KanaName.maximumLength { throw .tooLong }
        guard normalized.unicodeScalars.allSatisfy(KanaName.isAllowed) else { throw .invalidCharacter }
        self.value = normalized
    }

    /// Trusted value read back from storage.
    public init(stored: String) { self.value = stored }

    static let fullwidthKatakana = Array("ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン")
    static let halfwidthKatakana = Array("ｦｧｨｩｪｫｬｭｮｯｰｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝ")
    static let voiced: [Character: String] = {
        var table: [Character: String] = [:]
        let bases = Array("カキクケコサシスセソタチツテトハヒフヘホ")
        let voicedForms = Array("ガギグゲゴザジズゼゾダヂヅデドバビブベボ")
        for (base, voicedForm) in zip(bases, voicedForms) { table[voicedForm] = String(halfwidth(base)) + "ﾞ" }
        for (base, semi) in zip(Array("ハヒフヘホ"), Array("パピプペポ")) { table[semi] = String(halfwidth(base)) + "ﾟ" }
        table["ヴ"] = "ｳﾞ"
        return table
    }()
    static let smallToLarge: [Character: Character] = [
        "ｧ": "ｱ", "ｨ": "ｲ", "ｩ": "ｳ", "ｪ": "ｴ", "ｫ": "ｵ", "ｬ": "ﾔ", "ｭ": "ﾕ", "ｮ": "ﾖ", "ｯ": "ﾂ",
    ]

    static func halfwidth(_ character: Character) -> Character {
        if let index = fullwidthKatakana.firstIndex(of: character) { return halfwidthKatakana[index] }
        return character
    }

    public static func normalize(_ raw: String) -> String {
        let ascii = TextNormalizer.fullwidthASCIIToHalfwidth(raw).trimmingCharacters(in: .whitespaces)
        var out = ""
        for character in ascii {
            var katakana = character
            // Hiragana → katakana: same layout, 0x60 apart.
            if let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1,
               (0x3041...0x3096).contains(scalar.value) {
                katakana = Character(Unicode.Scalar(scalar.value + 0x60)!)
            }
            if let voicedForm = voiced[katakana] {
                out += voicedForm
                continue
            }
            var half = halfwidth(katakana)
            if let large = smallToLarge[half] { half = large }
            out.append(contentsOf: String(half).uppercased())
        }
        // Collapse runs of spaces: Zengin names separate family and given name with one space.
        return out.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0xFF66...0xFF9F: return true                // half-width katakana, ﾞ ﾟ and ｰ
        case 0x30...0x39, 0x41...0x5A: return true        // 0-9 A-Z
        case 0x20, 0x28, 0x29, 0x2C, 0x2D, 0x2E, 0x2F: return true  // space ( ) , - . /
        case 0xFF62, 0xFF63: return true                  // ｢ ｣
        default: return false
        }
    }
}

public enum KanaNameError: Error, Sendable, Equatable {
    case empty, tooLong, invalidCharacter

    public var messageKey: String {
        switch self {
        case .empty: "error.kana.empty"
        case .tooLong: "error.kana.too_long"
        case .invalidCharacter: "error.kana.invalid"
        }
    }
}
