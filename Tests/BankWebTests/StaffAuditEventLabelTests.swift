import BankCore
import BankServices
import BankStore
import BankTestSupport
import BankWeb
import Foundation
import Testing

/// The 監査ログ filter offers every event the services write, each with a Japanese and an
/// English name. The list is `AuditEventNames.all`; the services' sources are read here so an
/// event written there but missing from the list fails this test.
@Suite struct StaffAuditEventLabelTests {
    /// Events whose names the services build at run time, so no source line spells them out.
    static let builtAtRunTime: Set<String> = [
        "otp_token_replaced", // "otp_token_\(ending.rawValue)"
        "access_request_approved", "access_request_rejected", "access_request_withdrawn", // "access_request_\(status)"
    ]

    /// Every event name a line of Sources/BankServices spells out: the literals of an
    /// `event:` argument (also inside a conditional) and the first argument of the helpers
    /// that take the event positionally.
    static func writtenEvents() throws -> Set<String> {
        let folder = URL(fileURLWithPath: repositoryRoot).appendingPathComponent("Sources/BankServices")
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "swift" }
        #expect(files.count > 20)
        var names: Set<String> = []
        for file in files {
            let source = try String(contentsOf: file, encoding: .utf8)
            for line in source.split(separator: "\n").map(String.init) {
                for argument in captures(#"\bevent: (.*?)(?:, \w+:|\)|$)"#, in: line) {
                    names.formUnion(captures(#""([a-z_]+)""#, in: argument))
                }
                names.formUnion(captures(#"(?:auditRefusal|interbankChange)\("([a-z_]+)""#, in: line))
            }
        }
        return names
    }

    static func captures(_ pattern: String, in text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    @Test func everyWrittenEventIsOffered() throws {
        let offered = Set(AuditEventNames.all)
        #expect(offered.count == AuditEventNames.all.count, "no event twice")
        let written = try Self.writtenEvents()
        for name in ["customer_created", "account_opened", "mail_address_changed", "mail_retry", "interbank_sent",
                     "interbank_returned", "bank_payee_registered", "login_password", "mail_password_enabled"] {
            #expect(written.contains(name), "the scan finds \(name)")
        }
        // "login" also appears in `purpose == "login" ? …`; it is an event in its own right.
        for name in written.sorted() { #expect(offered.contains(name), "\(name) is written but not offered") }
        let sources = try Self.allSources()
        for name in AuditEventNames.all where !Self.builtAtRunTime.contains(name) {
            #expect(sources.contains("\"\(name)\""), "\(name) is offered but no service writes it")
        }
    }

    @Test func everyEventHasBothLabels() {
        for name in AuditEventNames.all {
            let key = "staff_event.\(name)"
            let ja = Language.ja.strings[key], en = Language.en.strings[key]
            #expect(ja.map(Self.hasJapanese) == true, "Japanese label of \(name): \(ja ?? "none")")
            #expect(en.map { !Self.hasJapanese($0) && !$0.isEmpty } == true, "English label of \(name): \(en ?? "none")")
        }
    }

    @Test func auditFilterOffersEveryEventByLabel() async throws {
        try await withTransferSite { site in
            let (browser, _) = try await site.staffBrowser()
            let page = try await browser.get("/staff/audit")
            #expect(page.status == .ok)
            for name in AuditEventNames.all {
                let label = try #require(Language.ja.strings["staff_event.\(name)"])
                // The list offers the label (what the clerk reads); the name rides along for scripts.
                #expect(page.body.contains(#"<option value="\#(label)" data-event="\#(name)"></option>"#), "\(name)")
            }
        }
    }

    static func allSources() throws -> String {
        let folder = URL(fileURLWithPath: repositoryRoot).appendingPathComponent("Sources/BankServices")
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "swift" && $0.lastPathComponent != "AuditEventNames.swift" }
            .map { try String(contentsOf: $0, encoding: .utf8) }.joined(separator: "\n")
    }

    static func hasJapanese(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x3040...0x30FF).contains($0.value) || (0x4E00...0x9FFF).contains($0.value) }
    }
}
