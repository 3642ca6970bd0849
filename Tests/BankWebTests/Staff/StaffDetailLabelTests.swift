import BankCore
import BankServices
import BankTestSupport
import BankWeb
import Foundation
import Testing

/// One formatter turns a stored audit detail into the clerk's words, in both languages; the
/// services' sources are read so that a detail key or a mail kind written there without a
/// label fails here (as StaffAuditEventLabelTests does for event names).
@Suite struct StaffDetailLabelTests {
    @Test func storedDetailsReadAsWords() {
        let cases: [(String, String, String, String)] = [
            ("wrong_password failures=1", "login", "パスワード誤り（連続失敗回数：1）", "Wrong password (consecutive failures: 1)"),
            ("otp_required", "login_password", "パスワード認証済み・ワンタイムパスワード入力待ち",
             "Password accepted, one-time password next"),
            ("login_password", "credential_locked", "ログインパスワード", "Login password"),
            ("transfer incorrect failures=2", "mail_password", "振込・振替 誤り（連続失敗回数：2）",
             "Transfer wrong (consecutive failures: 2)"),
            ("from=1000000 to=2000000", "transfer_limit_changed", "変更前：1,000,000円、変更後：2,000,000円",
             "before: 1,000,000円, after: 2,000,000円"),
            ("user_id=KY123 was=active reason=customer", "otp_deactivated",
             "トークンのユーザーID：KY123、それまでの状態：利用中、理由：お客様による利用解除",
             "token user ID: KY123, was: Active, reason: Turned off by the customer"),
            ("request=3 kind=unlock target=login_password reason=本人から電話 来店", "access_requested",
             "申請番号：3、種類：ロック解除、対象：ログインパスワード、理由：本人から電話 来店",
             "request no.: 3, kind: Unlock, target: Login password, reason: 本人から電話 来店"),
            ("cleared=login_password,otp", "", "ロック解除：ログインパスワード・ワンタイムパスワード",
             "unlocked: Login password, One-time password"),
            ("001-ordinary-1234567", "account_opened", "001-普通-1234567", "001-Ordinary-1234567"),
            ("something_new k=v", "", "something_new（k：v）", "something_new (k: v)"),
            ("", "login", "", ""),
        ]
        for (stored, event, ja, en) in cases {
            #expect(AuditDetailText.label(stored, event: event, .ja) == ja, "\(stored)")
            #expect(AuditDetailText.label(stored, event: event, .en) == en, "\(stored)")
        }
    }

    /// Every Swift file of BankServices, feature folders included.
    static func sources() throws -> [String] {
        let folder = URL(fileURLWithPath: repositoryRoot).appendingPathComponent("Sources/BankServices")
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        return try files.map { try String(contentsOf: $0, encoding: .utf8) }
    }

    static func captures(_ pattern: String, in text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    static func hasBoth(_ key: String) -> Bool {
        Language.ja.strings[key] != nil && Language.en.strings[key] != nil && Language.ja.strings[key] != Language.en.strings[key]
    }

    /// Every key an audit detail can have (`AuditDetailKey`), and `key=` inside a string literal
    /// on a line that writes a request's outcome (or any detail still written as text).
    @Test func everyDetailKeyTheServicesWriteHasLabels() throws {
        var keys = Set(AuditDetailKey.allCases.map(\.rawValue))
        for line in try Self.sources().flatMap({ $0.split(separator: "\n").map(String.init) })
        where line.contains("detail") || line.contains("note") || line.contains("return ") {
            for literal in Self.captures(#""((?:[^"\\]|\\.)*)""#, in: line) {
                keys.formUnion(Self.captures(#"(?:^|[ (])([a-z][a-z_]*)="#, in: literal))
            }
        }
        #expect(keys.isSuperset(of: ["failures", "reception", "amount", "user_id", "request", "cleared"]), "the scan works")
        for key in keys.sorted() { #expect(Self.hasBoth("staff_detail_key.\(key)"), "detail key \(key) has no label") }
    }

    @Test func everyMailKindHasLabels() throws {
        var kinds: Set<String> = OTPNotice.allCases.map { "otp_\($0.rawValue)" }.reduce(into: []) { $0.insert($1) }
        for source in try Self.sources() {
            kinds.formUnion(Self.captures(#"composeMail\(kind: "([a-z_]+)""#, in: source))
            kinds.formUnion(Self.captures(#"composeMail\(kind: [^,]*\? "([a-z_]+)""#, in: source))
            kinds.formUnion(Self.captures(#"composeMail\(kind: [^,]*: "([a-z_]+)""#, in: source))
        }
        #expect(kinds.isSuperset(of: ["transfer_accepted", "otp_reset", "mail_password_on", "mail_password_off"]))
        for kind in kinds.sorted() { #expect(Self.hasBoth("staff_mail_kind.\(kind)"), "mail kind \(kind) has no label") }
    }
}
