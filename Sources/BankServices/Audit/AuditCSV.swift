import BankCore
import BankStore
import Foundation

/// The audit trail as CSV for Excel: RFC 4180 (CRLF, fields quoted where needed, quotes
/// doubled), UTF-8 with a byte-order mark (without it Excel reads the Japanese as Shift_JIS),
/// a header row, and times as ISO 8601 in Japan time. The stored values come first, unchanged,
/// for the scripts that read them; the screen's labels (AuditCSVLabels) follow, for people.
public enum AuditCSV {
    public static let byteOrderMark = "\u{FEFF}"
    public static let header = ["id", "at_jst", "event", "result", "actor", "customer_id", "login_id", "ip", "user_agent",
                                "factors_in_force", "factors_presented", "detail", "request_id", "channel"]

    public static func render(_ events: [AuditEventView], labels: AuditCSVLabels? = nil) -> String {
        var out = byteOrderMark + line(header + (labels?.header ?? []))
        for event in events {
            out += line(labels.map { $0.values(event) } ?? [], after: [
                event.id.map(String.init) ?? "", isoJST(event.at), event.event, event.result.rawValue, event.actor,
                event.customerID.map(String.init) ?? "", event.loginID ?? "", event.ip, event.userAgent,
                FactorRecord.encode(event.factors.inForce), FactorRecord.encode(event.factors.presented), event.detail,
                event.requestID ?? "", event.channel,
            ])
        }
        return out
    }

    static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    static func line(_ extra: [String], after stored: [String]) -> String {
        line(stored + extra)
    }

    /// One field. Text a spreadsheet would run as a formula (a user agent of `=HYPERLINK(…)`
    /// is the caller's to choose) gets a leading apostrophe, so it is shown, never evaluated.
    static func field(_ raw: String) -> String {
        var text = raw
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
            text = "'" + text
        }
        let needsQuotes = text.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
            || text.hasPrefix(" ") || text.hasSuffix(" ")
        return needsQuotes ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    /// `2026-11-25T10:00:00+09:00`.
    public static func isoJST(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = JapanTime.timeZone
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d+09:00", p.year!, p.month!, p.day!, p.hour!, p.minute!, p.second!)
    }
}

/// Columns added after the stored ones: the event, result, actor, factors and detail in a
/// language's words (the 監査ログ screen's), so the file reads like the screen in Excel.
public struct AuditCSVLabels: Sendable {
    public var header: [String]
    public var values: @Sendable (AuditEventView) -> [String]

    public init(header: [String], values: @escaping @Sendable (AuditEventView) -> [String]) {
        self.header = header
        self.values = values
    }
}
