import BankCore
import BankServices
import Foundation
import Hummingbird

/// How the back-office screens show what they share: factor lists, labels with a fallback,
/// the query values they read, and the messages of a refusal.
extension StaffSite {
    /// `ログインパスワード・ワンタイムパスワード`, or `—` when there were none.
    func factorList(_ credentials: [Credential], _ lang: Language) -> String {
        credentials.isEmpty ? "—" : credentials.map { lang.text($0.labelKey) }.joined(separator: lang == .ja ? "・" : ", ")
    }

    /// The table's text for `key`, or `fallback` (a stored value a newer version may have written).
    func label(_ key: String, or fallback: String, _ lang: Language) -> String {
        let text = lang.text(key)
        return text == key ? fallback : text
    }

    /// The query string as a GET form sends it (`+` is a space, as in a POSTed form: a name
    /// typed with a space must arrive with one).
    static func query(_ request: Request) -> FormBody {
        FormBody(urlEncoded: request.uri.query ?? "")
    }

    /// A query value, trimmed, nil when absent or empty.
    static func queryValue(_ request: Request, _ name: String) -> String? {
        guard let raw = query(request)[name] else { return nil }
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : String(trimmed.prefix(64))
    }

    /// A 開始日/終了日 pair from the query (days in Japan, both inclusive) as the half-open
    /// interval the services take: from the start of the first day to the start of the day
    /// after the last. A date that is not `YYYY-MM-DD` is an error naming the field.
    static func period(from rawFrom: String?, to rawTo: String?) -> (from: Date?, to: Date?, errors: [String]) {
        var errors: [String] = []
        var from: Date?, to: Date?
        if let rawFrom {
            if let day = JapanTime.Day(iso: rawFrom) { from = day.start } else { errors.append("error.staff.from_date") }
        }
        if let rawTo {
            if let day = JapanTime.Day(iso: rawTo) { to = day.nextDayStart } else { errors.append("error.staff.to_date") }
        }
        return (from, to, errors)
    }

    /// The messages of a refusal: each field error's, or the refusal's own.
    func messages(_ error: BankError, _ lang: Language) -> [String] {
        if case .invalidInput(let fields) = error {
            var seen: [String] = []
            for field in fields where !seen.contains(lang.text(field.messageKey)) { seen.append(lang.text(field.messageKey)) }
            return seen
        }
        return [lang.text(Self.messageKey(error))]
    }

    /// The refusal's message key, in the staff's words where the customer's would mislead.
    static func messageKey(_ error: BankError) -> String {
        error == .customerNotFound ? "error.staff.customer_not_found" : error.messageKey
    }
}
