import BankCore
import BankServices
import BankStore
import BankTestSupport
import BankWeb
import Foundation
import Testing

/// The 監査ログ filter offers every event the services write, each with a Japanese and an
/// English name. The services can only write an `AuditEventName` (`AuditRecords.write`), so
/// its cases are the events written, and the filter offers exactly those.
@Suite struct StaffAuditEventLabelTests {
    static var names: [String] { AuditEventName.allCases.map(\.rawValue) }

    @Test func everyWrittenEventIsOffered() throws {
        let offered = Set(Self.names)
        #expect(offered.count == Self.names.count, "no event twice")
        for name in ["customer_created", "account_opened", "mail_address_changed", "mail_retry", "interbank_sent",
                     "interbank_returned", "bank_payee_registered", "login_password", "mail_password_enabled",
                     "otp_token_replaced", "access_request_approved", "access_request_rejected", "access_request_withdrawn"] {
            #expect(offered.contains(name), "\(name) is offered under its stored name")
        }
    }

    @Test func everyEventHasBothLabels() {
        for name in Self.names {
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
            for name in Self.names {
                let label = try #require(Language.ja.strings["staff_event.\(name)"])
                // The list offers the label (what the clerk reads); the name rides along for scripts.
                #expect(page.body.contains(#"<option value="\#(label)" data-event="\#(name)"></option>"#), "\(name)")
            }
        }
    }

    static func hasJapanese(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x3040...0x30FF).contains($0.value) || (0x4E00...0x9FFF).contains($0.value) }
    }
}
