import BankCore
import BankServices
import Foundation

/// A stored audit detail (`wrong_password failures=1`, `reception=… amount=10000 status=accepted`,
/// `customer_search login_id=tanaka results=1`) in the clerk's words: 「パスワード誤り（連続失敗回数：1）」.
/// The stored text stays as it is (scripts and the CSV's `detail` column read it); this is how
/// every screen, and the CSV's `detail_label` column, show it. A word or key the tables do not
/// know is shown as stored, so a detail written by a newer version is never hidden.
public enum AuditDetailText {
    /// The detail split as the services write it: code words, then `key=value` pairs (a value
    /// runs to the next ` key=`, so free text such as a reason keeps its spaces).
    struct Parts: Equatable {
        var words: [String]
        var pairs: [(key: String, value: String)]

        static func == (lhs: Parts, rhs: Parts) -> Bool {
            lhs.words == rhs.words && lhs.pairs.map(\.key) == rhs.pairs.map(\.key) && lhs.pairs.map(\.value) == rhs.pairs.map(\.value)
        }
    }

    /// Read with the services' own reader (`AuditDetail(stored:)`), so writing and showing agree.
    static func parse(_ detail: String) -> Parts {
        let read = AuditDetail(stored: detail)
        return Parts(words: read.words, pairs: read.pairs)
    }

    /// The detail in the screen's language: the words' labels, then each pair as 「名前：値」.
    public static func label(_ detail: String, event: String = "", _ lang: Language) -> String {
        let parts = parse(detail)
        let words = parts.words.map { word(for: $0, key: nil, event: event, lang) }.joined(separator: " ")
        let pairs = parts.pairs.map { pair in
            keyLabel(pair.key, event: event, lang) + (lang == .ja ? "：" : ": ") + value(pair.value, key: pair.key, event: event, lang)
        }.joined(separator: lang == .ja ? "、" : ", ")
        if words.isEmpty { return pairs }
        if pairs.isEmpty { return words }
        return lang == .ja ? "\(words)（\(pairs)）" : "\(words) (\(pairs))"
    }

    static func keyLabel(_ key: String, event: String, _ lang: Language) -> String {
        lookup(["staff_detail_key.\(event).\(key)", "staff_detail_key.\(key)"], lang) ?? key
    }

    /// Tables tried for a value, by the key it belongs to, before the general ones.
    static let valueTables: [String: [String]] = [
        "kind": ["staff_mail_kind.", "access_request.kind.", "staff_detail_kind."],
        "status": ["transfer.status.", "access_request.status.", "staff_mail_status.", "staff_interbank_status."],
        "was": ["staff_token_status."],
        "reason": ["staff_token_end_reason."],
        "role": ["staff_role."],
        "route": ["transfer.route."],
        "identity": ["identity_document."],
        "target": ["credential.", "staff_detail_kind."],
        "event": ["staff_event."],
    ]
    /// Keys whose numbers are yen; `from`/`to` only where they are a 振込限度額.
    static let yenKeys: Set<String> = ["amount", "fee", "total", "limit"]
    static let yenEvents: Set<String> = ["transfer_limit_changed"]

    static func value(_ raw: String, key: String, event: String, _ lang: Language) -> String {
        let isYen = yenKeys.contains(key) || (yenEvents.contains(event) && (key == "from" || key == "to"))
        // A value is one code or several words (`payee=3 0001-001-ordinary-12***67`, a reason).
        return raw.split(separator: " ", omittingEmptySubsequences: false).map { part in
            let text = String(part)
            if isYen, let amount = Int64(text) { return Yen(amount).formatted }
            return word(for: text, key: key, event: event, lang)
        }.joined(separator: " ")
    }

    /// One word: its label where a table has one; a list (`login_password,otp`) or an account (`001-ordinary-1234567`) with its parts labelled; otherwise as stored.
    static func word(for text: String, key: String?, event: String, _ lang: Language) -> String {
        guard !text.isEmpty else { return text }
        let prefixes = (key.flatMap { valueTables[$0] } ?? []) + ["credential.", "staff_detail_value.", "staff_detail_code.", "account_type."]
        if let label = lookup(prefixes.map { $0 + text }, lang) { return label }
        if text.contains(",") {
            return text.split(separator: ",").map { word(for: String($0), key: key, event: event, lang) }
                .joined(separator: lang == .ja ? "・" : ", ")
        }
        if text.contains("-") {
            return text.split(separator: "-", omittingEmptySubsequences: false).map { part in
                lookup(["account_type.\(part)"], lang) ?? String(part)
            }.joined(separator: "-")
        }
        return text
    }

    /// The first of `keys` the language's table has.
    static func lookup(_ keys: [String], _ lang: Language) -> String? {
        let table = lang.strings
        for key in keys { if let text = table[key] { return text } }
        return nil
    }
}
