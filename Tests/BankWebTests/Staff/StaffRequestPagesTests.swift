import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import HTTPTypes
import Testing

/// アクセス回復・振込限度額 and 申請・承認 over HTTP: a clerk asks, a different 役席 approves
/// (or rejects), the one who asked may withdraw; the forms are offered only to whoever may
/// use them and the service refuses the rest.
@Suite struct StaffRequestPagesTests {
    /// The clerk (operator) and a 役席, each in a browser of their own.
    struct Desk {
        let clerk: Browser
        let chief: Browser
        let chiefEnrollment: StaffEnrollment

        static func open(_ site: Site) async throws -> Desk {
            let (clerk, _) = try await site.staffBrowser()
            let chiefEnrollment = try await site.enrollStaff("chief01", name: "役席 花子", role: .supervisor)
            let (chief, _) = try await site.staffBrowser(chiefEnrollment)
            return Desk(clerk: clerk, chief: chief, chiefEnrollment: chiefEnrollment)
        }
    }

    func accessPath(_ site: Site) -> String { "/staff/customers/\(site.customerID)/access" }

    /// POSTs one of the access page's forms with its token.
    func submit(_ browser: Browser, _ path: String, to action: String, _ fields: [(String, String)]) async throws -> WebResponse {
        let page = try await browser.get(path)
        let token = try #require(page.csrf)
        return try await browser.post(action, form: [("_csrf", token)] + fields)
    }

    func lostPhoneFields(reason: String = "スマートフォン紛失") -> [(String, String)] {
        [("kind", "otp_reset"), ("identity_document", "my_number_card"), ("identity_note", "来店・顔写真確認"), ("reason", reason)]
    }

    /// The notice's lost phone, end to end over HTTP: with OTP on the customer's login asks for
    /// the code; the clerk's request changes nothing; the clerk cannot approve it; once the
    /// 役席 approves, the same password login goes straight to the menu.
    @Test func lostPhoneCustomerLogsInWithPasswordOnlyAfterApproval() async throws {
        try await withTransferSite { site in
            let customer = site.browser()
            #expect(try await customer.logIn().location == "/menu")
            _ = try await site.turnOnOTP(customer)
            func passwordLogin() async throws -> String? {
                try await site.browser().logIn().location
            }
            #expect(try await passwordLogin() == "/login/otp")

            let desk = try await Desk.open(site)
            let page = try await desk.clerk.get(accessPath(site))
            #expect(page.status == .ok)
            #expect(page.body.contains(#"<form method="post" action="/staff/customers/\#(site.customerID)/access" id="otp-reset-form">"#))
            #expect(page.body.contains(#"<label for="identity_document">本人確認書類</label>"#))
            let made = try await submit(desk.clerk, accessPath(site), to: accessPath(site), lostPhoneFields())
            let location = try #require(made.location)
            #expect(made.status == .seeOther && location.hasPrefix("/staff/requests/") && location.hasSuffix("?made=1"))
            let requestPath = String(location.prefix { $0 != "?" })
            #expect(try await passwordLogin() == "/login/otp", "not before the approval")

            let own = try await desk.clerk.get(location)
            #expect(own.body.contains("申請しました。別の役席者が承認すると実行されます。"))
            #expect(own.body.contains(#"id="request-awaiting""#) && !own.body.contains(#"id="approve-form""#))
            let forged = try await desk.clerk.post(requestPath + "/approve", form: [("_csrf", try #require(own.csrf)), ("note", "")])
            #expect(forged.status == .forbidden)
            expectErrorList(forged, "申請を承認・却下できるのは役席者だけです。")
            #expect(try await passwordLogin() == "/login/otp", "an operator's approval does nothing")

            let home = try await desk.chief.get("/staff")
            #expect(home.body.contains(#"<a href="/staff/requests">承認待ちの申請が1件あります。</a>"#))
            let pending = try await desk.chief.get("/staff/requests")
            #expect(pending.body.contains(#"data-kind="otp_reset" data-status="pending""#))
            let detail = try await desk.chief.get(requestPath)
            #expect(detail.body.contains(#"<dd id="request-identity">マイナンバーカード（来店・顔写真確認）</dd>"#))
            #expect(detail.body.contains(#"id="approve-form""#) && detail.body.contains(#"id="reject-form""#))
            let approved = try await desk.chief.post(requestPath + "/approve", form: [("_csrf", try #require(detail.csrf)), ("note", "確認済み")])
            #expect(approved.location == requestPath + "?decided=approve")
            let result = try await desk.chief.get(try #require(approved.location))
            #expect(result.body.contains("承認し、実行しました。") && result.body.contains(#"class="request-status approved">承認済み"#))

            #expect(try await passwordLogin() == "/menu", "password alone after the approval")
            #expect(try await site.extraFactor() == .none)
            let reset = try await site.audit(event: "otp_reset")
            #expect(reset.count == 1 && reset[0].actor == "staff:chief01" && reset[0].userAgent == Site.userAgent)
        }
    }

    /// A 役席's own request offers no approval and is refused when forced; another 役席 rejects
    /// it with a reason; a second decision is a conflict.
    @Test func selfApprovalRefusedThenRejected() async throws {
        try await withTransferSite { site in
            let desk = try await Desk.open(site)
            let raised = try await submit(desk.chief, accessPath(site), to: "/staff/customers/\(site.customerID)/limit",
                                          [("amount", "2000000"), ("reason", "高額の支払予定")])
            let location = try #require(raised.location)
            let requestPath = String(location.prefix { $0 != "?" })
            let own = try await desk.chief.get(requestPath)
            #expect(!own.body.contains(#"id="approve-form""#))
            for absent in ["request-note", "request-outcome", "request-identity"] {
                #expect(!own.body.contains(#"id="\#(absent)""#), "an undecided limit request has no \(absent) row")
            }
            let forced = try await desk.chief.post(requestPath + "/approve", form: [("_csrf", try #require(own.csrf)), ("note", "")])
            #expect(forced.status == .forbidden)
            expectErrorList(forced, "ご自身の申請は承認・却下できません。別の役席者に依頼してください。")

            let deputyEnrollment = try await site.enrollStaff("deputy01", name: "次長 次郎", role: .supervisor)
            let (deputy, _) = try await site.staffBrowser(deputyEnrollment)
            let detail = try await deputy.get(requestPath)
            let token = try #require(detail.csrf)
            let noReason = try await deputy.post(requestPath + "/reject", form: [("_csrf", token), ("note", " ")])
            #expect(noReason.status == .badRequest)
            expectErrorList(noReason, "却下の理由を200文字以内の1行で入力してください。")
            let rejected = try await deputy.post(requestPath + "/reject", form: [("_csrf", token), ("note", "書類不備")])
            #expect(rejected.location == requestPath + "?decided=reject")
            #expect(try await deputy.get(requestPath).body.contains(#"<dd id="request-note">書類不備</dd>"#))
            let late = try await deputy.post(requestPath + "/approve", form: [("_csrf", token), ("note", "")])
            #expect(late.status == .conflict)
            expectErrorList(late, "この申請はすでに決裁済み（または取下げ済み）です。")
            #expect(try await site.bank.transferLimits.status(by: .customer(id: site.customerID)).limit == Yen(1_000_000))
        }
    }

    /// The limit form lowers at once; bad input keeps what was typed; a locked login password
    /// gets an unlock form; an auditor sees no forms and is refused when posting; no token, no change.
    @Test func limitUnlockAndRefusals() async throws {
        try await withTransferSite { site in
            let desk = try await Desk.open(site)
            let limitPath = "/staff/customers/\(site.customerID)/limit"
            let lowered = try await submit(desk.clerk, accessPath(site), to: limitPath, [("amount", "500,000"), ("reason", "ご本人のご希望")])
            #expect(lowered.location == accessPath(site) + "?done=limit")
            let after = try await desk.clerk.get(try #require(lowered.location))
            #expect(after.body.contains("振込限度額を変更しました。") && after.body.contains(#"<span id="access-daily-limit">500,000円</span>"#))

            let bad = try await submit(desk.clerk, accessPath(site), to: limitPath, [("amount", "たくさん"), ("reason", "")])
            #expect(bad.status == .badRequest)
            #expect(bad.body.contains(#"value="たくさん""#))
            expectErrorList(bad, "申請理由を200文字以内の1行で入力してください。")

            for _ in 0..<5 { _ = try await site.browser().logIn(Site.loginID, "wrong-password-9") }
            let locked = try await desk.clerk.get(accessPath(site))
            #expect(locked.body.contains(#"id="unlock-form-login_password""#))
            let unlock = try await submit(desk.clerk, accessPath(site), to: accessPath(site),
                                          [("kind", "unlock"), ("credential", "login_password"), ("reason", "ご本人から電話")])
            let unlockPath = String(try #require(unlock.location).prefix { $0 != "?" })
            let again = try await desk.clerk.get(accessPath(site))
            #expect(again.body.contains("承認待ちの申請があります") && !again.body.contains(#"id="unlock-form-login_password""#))
            let duplicate = try await submit(desk.clerk, accessPath(site), to: accessPath(site),
                                             [("kind", "unlock"), ("credential", "login_password"), ("reason", "二度目")])
            #expect(duplicate.status == .badRequest)
            expectErrorList(duplicate, "同じ内容の申請が承認待ちです。申請一覧をご確認ください。")
            let detail = try await desk.chief.get(unlockPath)
            _ = try await desk.chief.post(unlockPath + "/approve", form: [("_csrf", try #require(detail.csrf)), ("note", "")])
            #expect(try await site.browser().logIn().location == "/menu")

            let auditorEnrollment = try await site.enrollStaff("audit01", name: "監査 三郎", role: .auditor)
            let (auditor, _) = try await site.staffBrowser(auditorEnrollment)
            let readOnly = try await auditor.get(accessPath(site))
            #expect(readOnly.status == .ok && readOnly.body.contains(#"id="access-read-only""#))
            #expect(!readOnly.body.contains(#"id="limit-form""#) && !readOnly.body.contains(#"id="otp-reset-form""#))
            let refused = try await auditor.post(limitPath, form: [("_csrf", try #require(readOnly.csrf)), ("amount", "1"), ("reason", "x")])
            #expect(refused.status == .forbidden)
            let noToken = try await desk.clerk.post(limitPath, form: [("amount", "1"), ("reason", "x")])
            #expect(noToken.status == .forbidden)
            #expect(try await site.bank.transferLimits.status(by: .customer(id: site.customerID)).limit == Yen(500_000))

            let unknown = try await desk.clerk.get("/staff/requests/99999")
            #expect(unknown.status == .notFound)
            let badStatus = try await desk.clerk.get("/staff/requests?status=nope")
            #expect(badStatus.status == .badRequest)
            let nobody = try await desk.clerk.get("/staff/customers/99999/access")
            #expect(nobody.status == .notFound)
            // A customer's session is no key to the back office.
            let customer = site.browser()
            _ = try await customer.logIn()
            #expect(try await customer.get("/staff/requests").location == "/staff/login")
        }
    }
}
