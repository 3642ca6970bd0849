import Foundation

/// The bytes a 全銀 file carries: half-width characters, one byte each, in JIS X 0201 (the
/// 全銀協 規定's コード区分 0) or Shift_JIS, whose single-byte half is JIS X 0201: for every
/// character the format allows the two give the same byte, and the setting exists so the file
/// is written by the encoder the receiving system names (and a character only one of them has
/// is refused rather than written differently).
public enum ZenginEncoding: String, Sendable, Codable, CaseIterable {
    case jisX0201 = "jis"
    case shiftJIS = "sjis"

    /// One byte per character, or nil when the character has none in this code.
    public func byte(_ scalar: Unicode.Scalar) -> UInt8? {
        switch self {
        case .jisX0201:
            switch scalar.value {
            case 0x20...0x7E where scalar != "\\" && scalar != "~": return UInt8(scalar.value)  // JIS X 0201 Roman: ¥ and ‾ there
            case 0xA5: return 0x5C                      // ¥
            case 0xFF61...0xFF9F: return UInt8(0xA1 + scalar.value - 0xFF61)  // ｡ … ﾟ
            default: return nil
            }
        case .shiftJIS:
            guard let data = String(Character(scalar)).data(using: .shiftJIS), data.count == 1 else { return nil }
            return data.first
        }
    }

    public func bytes(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        for scalar in text.unicodeScalars {
            guard let byte = byte(scalar) else { return nil }
            out.append(byte)
        }
        return out
    }
}

/// What a 受取人名 (and the other カナ fields) may hold in a 全銀 総合振込 file: half-width
/// katakana without small kana or the long-vowel mark, ﾞ ﾟ, upper-case letters, digits, space
/// and ( ) - . / ｢ ｣ (全銀協 振込 使用可能文字). The customer's input is normalised by
/// `KanaName` first (small kana enlarged); this is the format's own, stricter, check.
public enum ZenginName {
    /// 受取人名 is C(30) in the data record.
    public static let payeeWidth = 30

    public static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0xFF66, 0xFF71...0xFF9D: return true            // ｦ, ｱ … ﾝ
        case 0xFF9E, 0xFF9F: return true                      // ﾞ ﾟ
        case 0x30...0x39, 0x41...0x5A: return true            // 0-9 A-Z
        case 0x20, 0x28, 0x29, 0x2D, 0x2E, 0x2F: return true  // space ( ) - . /
        case 0xFF62, 0xFF63: return true                      // ｢ ｣
        default: return false
        }
    }

    /// Why a name cannot be carried as 受取人名, or nil when it can.
    public static func problem(_ name: String) -> ZenginNameProblem? {
        if name.unicodeScalars.contains(where: { !isAllowed($0) }) { return .character }
        if name.unicodeScalars.count > payeeWidth { return .tooLong }
        return nil
    }
}

public enum ZenginNameProblem: Sendable, Equatable {
    /// ｰ , or a small kana stored before normalisation: not in the 全銀 character set.
    case character
    /// Longer than 30 half-width characters (ﾞ and ﾟ count as one each).
    case tooLong

    public var messageKey: String {
        switch self {
        case .character: "error.transfer.zengin_name_character"
        case .tooLong: "error.transfer.zengin_name_too_long"
        }
    }
}
