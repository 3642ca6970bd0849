import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import HTTPTypes
import Testing

/// 振込限度額変更 over HTTP: from the menu, lower at once, raise waiting with 取消, field-named
/// refusals that change nothing, and the back office's list with its 取消.
@Suite struct TransferLimitPagesTests {
    static let path = "/settings/transfer-limit"

    static func submit(_ browser: Browser, amount: String,
                       password: String = SeededCustomer.confirmationPassword) async throws -> WebResponse {
        let page = try await browser.get(path)
        #expect(page.status == .ok)
        return try await browser.post(path, form: [("_csrf", try #require(page.csrf)), ("amount", amount),
                                                   ("confirmation_password", password)])
    }

    @Test func lowerAtOnceFromTheMenu() async throws {
        try await withSite { site in
            let browser = site.browser()
            try await browser.logIn()
            #expect(try await browser.get("/menu").body.contains(#"href="/settings/transfer-limit" id="menu-transfer-limit">振込限度額変更</a>"#))
            let form = try await browser.get(Self.path)
            #expect(form.body.contains("振込限度額変更画面"))
            #expect(form.body.contains(#"<dd id="limit-in-force">1,000,000円（協栄信用組合所定の限度額）</dd>"#)
                    || form.body.contains(#"<dd id="limit-in-force">1,000,000円（"#))
            #expect(form.body.contains(#"<dd id="limit-ceiling">200,000円</dd>"#), "no extra factor: the lower ceiling")
            #expect(form.body.contains(#"<label for="amount">変更後の1日の振込限度額（円）</label>"#))
            #expect(form.body.contains(#"<label for="confirmation_password">"#))
            #expect(form.body.contains(#"id="limit-raise-timing">いまお申込みいただくと、2026年11月26日 00:00から適用されます。"#))
            #expect(!form.body.contains(#"id="limit-pending""#))

            let done = try await Self.submit(browser, amount: "300,000")
            #expect(done.status == .seeOther && done.location == "/settings/transfer-limit/done?done=lowered")
            let result = try await browser.get(try #require(done.location))
            #expect(result.body.contains("1日の振込限度額を300,000円に変更しました。直ちに適用されます。"))
            #expect(try await site.outbox(kind: "transfer_limit_lowered").first?.recipients == ["tanaka01@example.jp"])
            #expect(try await site.bank.transferLimits.status(loginID: "tanaka01").limit == Yen(300_000))
        }
    }

    @Test func raiseWaitsAndTheCustomerCancelsIt() async throws {
        try await withSite { site in
            let browser = site.browser()
            try await browser.logIn()
            _ = try await Self.submit(browser, amount: "100000")
            let raised = try await Self.submit(browser, amount: "150000")
            #expect(raised.location == "/settings/transfer-limit/done?done=raised")
            let result = try await browser.get(try #require(raised.location))
            #expect(result.body.contains("引上げのお申込みを受け付けました。150,000円は2026年11月26日 00:00から適用されます。"))
            let form = try await browser.get(Self.path)
            #expect(form.body.contains(#"<dd id="pending-amount">150,000円</dd>"#))
            #expect(form.body.contains(#"<dd id="pending-effective-at">2026年11月26日 00:00</dd>"#))
            #expect(form.body.contains(#"<dd id="limit-in-force">100,000円（お客様の設定）</dd>"#))
            let raiseID = try #require(form.firstCapture(#"name="raise" value="(\d+)""#))
            let cancelled = try await browser.post("/settings/transfer-limit/cancel", form: [("_csrf", try #require(form.csrf)), ("raise", raiseID)])
            #expect(cancelled.location == "/settings/transfer-limit/done?done=cancelled")
            #expect(try await browser.get(try #require(cancelled.location)).body.contains("引上げのお申込みを取り消しました。"))
            let emptied = try await browser.get(Self.path)
            #expect(!emptied.body.contains(#"id="limit-pending""#))
            #expect(try await site.outbox(kind: "transfer_limit_raise_cancelled").count == 1)
            // Twice: refused, with the reason, nothing more sent.
            let again = try await browser.post("/settings/transfer-limit/cancel", form: [("_csrf", try #require(form.csrf)), ("raise", raiseID)])
            #expect(again.status == .badRequest)
            #expect(again.body.contains(#"id="raise-error">この引上げは、すでに適用されたか取り消されているため、取り消せません。"#))
            #expect(try await site.outbox(kind: "transfer_limit_raise_cancelled").count == 1)
        }
    }

    @Test func refusalsNameTheFieldAndChangeNothing() async throws {
        try await withSite(lockoutLimit: 2) { site in
            let browser = site.browser()
            try await browser.logIn()
            let over = try await Self.submit(browser, amount: "2,000,000")
            #expect(over.status == .badRequest)
            #expect(over.body.contains(#"<small class="field-error" id="amount-error">ワンタイムパスワード・メール通知パスワードのいずれもご利用でないお客様が引き上げられる上限を超えています。</small>"#))
            #expect(over.body.contains(#"value="2,000,000""#), "the amount is kept")
            let same = try await Self.submit(browser, amount: "1000000")
            #expect(same.body.contains(#"id="amount-error">現在の振込限度額と同じです。"#))
            let wrong = try await Self.submit(browser, amount: "100000", password: "Wrong2026pass")
            #expect(wrong.status != .seeOther)
            let locked = try await Self.submit(browser, amount: "100000", password: "Wrong2026pass")
            #expect(locked.status == .forbidden)
            #expect(!locked.body.contains(#"id="transfer-limit-form""#), "locked: no form")
            #expect(try await site.outbox(kind: "transfer_limit_lowered").isEmpty)
            #expect(try await site.bank.transferLimits.status(loginID: "tanaka01").limit == Yen(1_000_000))
            #expect(try await site.audit(event: "transfer_limit_changed").isEmpty)
        }
    }

    @Test func staffSeeTheWaitingRaiseAndCancelIt() async throws {
        try await withSite { site in
            let browser = site.browser()
            try await browser.logIn()
            _ = try await Self.submit(browser, amount: "100000")
            _ = try await Self.submit(browser, amount: "150000")
            let (staff, _) = try await site.staffBrowser()
            #expect(try await staff.get("/staff").body.contains(#"href="/staff/limit-raises" id="menu-limit-raises""#))
            let list = try await staff.get("/staff/limit-raises")
            #expect(list.status == .ok && list.body.contains(#"class="customer-link">tanaka01</a>"#))
            #expect(list.body.contains("150,000円") && list.body.contains("2026-11-26 00:00:00"))
            let detail = try await staff.get("/staff/customers/\(site.customer.customer.id)")
            #expect(detail.body.contains(#"<strong id="pending-raise-amount">150,000円</strong>"#))
            let action = try #require(list.firstCapture(#"action="(/staff/limit-raises/\d+/cancel)""#))
            let noReason = try await staff.post(action, form: [("_csrf", try #require(list.csrf)), ("customer_id", String(site.customer.customer.id)),
                                                               ("reason", "")])
            #expect(noReason.status == .badRequest)
            let done = try await staff.post(action, form: [("_csrf", try #require(list.csrf)), ("customer_id", String(site.customer.customer.id)),
                                                           ("reason", "お客様から心当たりなしと電話")])
            #expect(done.location == "/staff/limit-raises?done=cancelled")
            let after = try await staff.get(try #require(done.location))
            #expect(after.body.contains("引上げを取り消し、お客様にメールでお知らせしました。") && after.body.contains(#"id="no-limit-raises""#))
            #expect(try await site.outbox(kind: "transfer_limit_raise_cancelled").first?.recipients == ["tanaka01@example.jp"])
            #expect(try await site.staffAudit(event: "transfer_limit_raise_cancelled").count == 1)
        }
    }
}
