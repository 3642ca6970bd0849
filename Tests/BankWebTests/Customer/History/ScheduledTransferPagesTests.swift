import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import HTTPTypes
import Testing

/// 予約振込 over HTTP: the 振込指定日 field on 金額入力 (本日 by default), a closed day refused
/// beside the field with nothing written, the date on the 確認画面 and the result, 予約中 in
/// 振込・振替履歴, 取消 with the 確認用パスワード before the deadline, none after it.
@Suite struct ScheduledTransferPagesTests {
    /// The site's clock starts on 2026-11-25 (水); the 27th is a Friday, the 28th a Saturday.
    static let friday = "2026-11-27", saturday = "2026-11-28"

    func amountPage(_ site: Site, _ browser: Browser) async throws -> WebResponse {
        let selected = try await site.select(browser, destination: "own:\(site.customer.savings.id)")
        return try await browser.get(try #require(selected.location))
    }

    func submit(_ site: Site, _ browser: Browser, amount: String, day: String) async throws -> WebResponse {
        let page = try await amountPage(site, browser)
        return try await browser.post("/transfer/confirm", form: page.hiddenFields(action: "/transfer/confirm")
                                      + [("amount", amount), ("when", "later"), ("scheduled_for", day)])
    }

    @Test func theAmountScreenOffersTodayOrADate() async throws {
        try await withTransferSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let page = try await amountPage(site, browser)
            #expect(page.body.contains(#"<legend>振込指定日</legend>"#))
            #expect(page.body.contains(#"<input type="radio" id="when-today" name="when" value="today" checked>"#))
            #expect(page.body.contains(#"<label for="scheduled_for">指定日</label>"#))
            #expect(page.body.contains(#"min="2026-11-26" max="2026-12-26""#))
        }
    }

    @Test func aClosedDayIsRefusedBesideTheFieldWithNothingWritten() async throws {
        try await withTransferSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let before = try await site.confirmationCount()
            let refused = try await submit(site, browser, amount: "1000", day: Self.saturday)
            #expect(refused.status == .badRequest)
            #expect(refused.body.contains(#"<small class="field-error" id="scheduled_for-error">振込指定日：2026年11月28日（土）は銀行休業日のため指定できません。次の営業日は2026年11月30日（月）です。</small>"#))
            #expect(refused.body.contains(#"value="2026-11-28""#) && refused.body.contains(#"value="later" checked"#), "the choice is kept")
            #expect(try await site.confirmationCount() == before)
        }
    }

    @Test func bookListAndCancelBeforeTheDeadline() async throws {
        try await withTransferSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let confirmed = try await submit(site, browser, amount: "1000", day: Self.friday)
            let nonce = try #require(confirmed.confirmationNonce, "\(confirmed.status) \(confirmed.body)")
            let confirm = try await browser.get(try #require(confirmed.location))
            #expect(confirm.body.contains(#"<p class="notice" id="scheduled-for">振込指定日: <strong>2026年11月27日（金）</strong>"#))
            let executed = try await site.execute(browser, nonce: nonce)
            let done = try await browser.get(try #require(executed.location))
            #expect(done.body.contains(#"<dd id="transfer-status">予約中</dd>"#))
            #expect(done.body.contains(#"<dd id="scheduled-for">2026年11月27日（金）</dd>"#))
            let number = try #require(executed.receptionNumber)
            let list = try await browser.get("/history/transfers")
            #expect(list.body.contains(#"<td class="status" data-label="状況">予約中（振込指定日 2026年11月27日（金））</td>"#))
            let detail = try await browser.get("/history/transfers/\(number)")
            #expect(detail.body.contains(#"<form method="post" action="/history/transfers/\#(number)/cancel" id="scheduled-cancel-form""#))
            #expect(detail.body.contains(#"<span id="cancel-deadline">2026年11月26日 23:59</span>"#))
            #expect(!detail.body.contains("scheduled-cancel-closed"))

            let wrong = try await browser.post("/history/transfers/\(number)/cancel",
                                               form: [("_csrf", try await browser.sessionToken()), ("confirmation_password", "nope")])
            #expect(wrong.status == .badRequest && wrong.body.contains("確認用パスワードが正しくありません。"))
            #expect(try await site.transfers().first?.status == .scheduled)
            let cancelled = try await browser.post("/history/transfers/\(number)/cancel",
                                                   form: [("_csrf", try await browser.sessionToken()),
                                                          ("confirmation_password", SeededCustomer.confirmationPassword)])
            #expect(cancelled.status == .seeOther && cancelled.location == "/history/transfers/\(number)?cancelled=1")
            let after = try await browser.get(try #require(cancelled.location))
            #expect(after.body.contains(#"<dd id="transfer-status">取消済</dd>"#) && !after.body.contains("scheduled-cancel-form"))
            #expect(after.body.contains("予約振込を取り消しました。"))
        }
    }

    @Test func noCancelFromMidnightOfTheDay() async throws {
        try await withTransferSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let confirmed = try await submit(site, browser, amount: "1000", day: Self.friday)
            let executed = try await site.execute(browser, nonce: try #require(confirmed.confirmationNonce))
            let number = try #require(executed.receptionNumber)
            site.clock.set(JapanTime.Day(iso: Self.friday)!.start)
            try await browser.logIn()
            let detail = try await browser.get("/history/transfers/\(number)")
            #expect(detail.status == .ok && !detail.body.contains("scheduled-cancel-form"))
            // Why there is no 取消 any more, instead of a form that is simply gone.
            #expect(detail.body.contains(#"<p class="notice" id="scheduled-cancel-closed">取り消せる期限（2026年11月26日 23:59）を過ぎたため、この予約振込は取り消せません。</p>"#))
            let late = try await browser.post("/history/transfers/\(number)/cancel",
                                              form: [("_csrf", try await browser.sessionToken()),
                                                     ("confirmation_password", SeededCustomer.confirmationPassword)])
            #expect(late.status == .badRequest && late.body.contains("予約振込の取消は、振込指定日の前日23時59分までです。"))
            #expect(!late.body.contains("scheduled-cancel-closed"), "the refusal above the detail says it once")
            #expect(try await site.transfers().first?.status == .scheduled)
        }
    }
}
