import Foundation

/// How the bank names itself to its customers and staff: 当組合 for a 信用組合 (this bank),
/// 当金庫 for a 信用金庫, 当行 for a 銀行; in English "the credit union", "the bank".
/// KYOEI_BANK_SELF_NAME sets it; otherwise it follows the kind of institution KYOEI_BANK_NAME
/// names. The screens' strings and the mails say `{bank_self}` (`{Bank_self}` to begin an
/// English sentence) where the word belongs.
public struct BankSelfName: Sendable, Equatable {
    public var ja: String
    public var en: String

    public init(ja: String, en: String) {
        self.ja = ja
        self.en = en
    }

    /// The word for the kind of institution `bankName` names (協栄信用組合 → 当組合).
    public static func derived(fromBankName bankName: String) -> BankSelfName {
        if bankName.contains("信用金庫") { return BankSelfName(ja: "当金庫", en: "the shinkin bank") }
        if bankName.contains("銀行") { return BankSelfName(ja: "当行", en: "the bank") }
        if bankName.contains("労働金庫") { return BankSelfName(ja: "当金庫", en: "the labour bank") }
        if bankName.contains("農業協同組合") || bankName.hasSuffix("農協") { return BankSelfName(ja: "当組合", en: "the cooperative") }
        return BankSelfName(ja: "当組合", en: "the credit union")
    }

    /// A configured Japanese word (KYOEI_BANK_SELF_NAME), with its English.
    public static func configured(_ word: String) -> BankSelfName {
        switch word {
        case "当行": BankSelfName(ja: word, en: "the bank")
        case "当金庫": BankSelfName(ja: word, en: "the shinkin bank")
        default: BankSelfName(ja: word, en: "the credit union")
        }
    }

    /// The default bank, 協栄信用組合: 当組合.
    public static let `default` = derived(fromBankName: "協栄信用組合")

    /// The word this process uses (BankContact, set once from the configuration).
    public static var current: BankSelfName { BankContact.current.selfName }

    /// The English word to begin a sentence: "The credit union".
    public var enSentenceStart: String { en.prefix(1).uppercased() + en.dropFirst() }

    /// `text` with `{bank_self}` and `{Bank_self}` replaced by the word in `language` (`ja`/`en`).
    public func substitute(in text: String, english: Bool) -> String {
        guard text.contains("ank_self}") else { return text }
        return text.replacingOccurrences(of: "{bank_self}", with: english ? en : ja)
            .replacingOccurrences(of: "{Bank_self}", with: english ? enSentenceStart : ja)
    }
}
