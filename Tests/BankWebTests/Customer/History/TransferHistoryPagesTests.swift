import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import HTTPTypes
import Testing

/// 振込・振替履歴照会: linked from the menu's 照会 group, the transfers newest first with the
/// masked 支払口座, the period checked field by field, the detail by 受付番号 (another
/// customer's reads as unknown), English.
@Suite struct TransferHistoryPagesTests {
    /// Two transfers of the seeded customer to their savings (1,000円, then 2,000円); their 受付番号.
    static func makeTransfers(_ site: Site, _ browser: Browser) async throws -> [String] {
        let first = try await site.prepare(browser, destination: "own:\(site.customer.savings.id)", amount: "1000")
        let one = try #require(try await site.execute(browser, nonce: first.nonce).receptionNumber)
        site.clock.advance(by: 60)
        let second = try await site.prepare(browser, destination: "own:\(site.customer.savings.id)", amount: "2000")
        let two = try #require(try await site.execute(browser, nonce: second.nonce).receptionNumber)
        return [one, two]
    }

    @Test func theMenuLinksIt() async throws {
        try await withSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let menu = try await browser.get("/menu")
            #expect(menu.body.contains(#"href="/history/transfers" id="menu-transfer-history">振込・振替履歴照会</a>"#))
        }
    }

    @Test func listsTheTransfersNewestFirstWithTheirDetails() async throws {
        try await withTransferSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let numbers = try await Self.makeTransfers(site, browser)
            let page = try await browser.get("/history/transfers")
            #expect(page.status == .ok)
            #expect(page.body.contains(#"<label for="from">照会開始日</label>"#))
            #expect(page.body.contains(#"<label for="to">照会終了日</label>"#))
            #expect(page.body.contains(#"<form method="get" action="/history/transfers""#))
            let rows = page.body.components(separatedBy: #"<tr><td class="keep-whole" data-label="受付番号"><a href="/history/transfers/"#).dropFirst()
            #expect(rows.count == 2)
            let newest = try #require(rows.first), oldest = try #require(rows.last)
            #expect(newest.hasPrefix("\(numbers[1])\">\(numbers[1])</a>"))
            #expect(oldest.hasPrefix("\(numbers[0])\">\(numbers[0])</a>"))
            #expect(newest.contains(#"<td class="num" data-label="振込金額">2,000円</td><td class="num" data-label="手数料">0円</td><td class="status" data-label="状況">完了</td>"#))
            let ordinary = site.customer.ordinary.accountNumber
            #expect(newest.contains("本店 普通 ****\(ordinary.suffix(3))"), "the 支払口座 masked")
            #expect(!page.body.contains(ordinary))

            let detail = try await browser.get("/history/transfers/\(numbers[1])")
            #expect(detail.status == .ok)
            #expect(detail.body.contains(#"<dd id="reception-number">\#(numbers[1])</dd>"#))
            #expect(detail.body.contains(#"<dd id="transfer-status">完了</dd>"#))
            #expect(detail.body.contains(#"<td class="num" id="amount">2,000円</td>"#))
            #expect(detail.body.contains(#"<a href="/history/transfers" id="transfer-history-back">"#))
        }
    }

    @Test func anotherCustomersOrAnUnknownNumberIs404() async throws {
        try await withTransferSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let numbers = try await Self.makeTransfers(site, browser)
            let other = site.browser()
            try await other.logIn(Payee.loginID, Payee.loginPassword)
            let theirs = try await other.get("/history/transfers/\(numbers[0])")
            let unknown = try await other.get("/history/transfers/00000000000000")
            #expect(theirs.status == .notFound && unknown.status == .notFound)
            #expect(theirs.body.contains(TransferText.notFound) && unknown.body.contains(TransferText.notFound))
            #expect(!(try await other.get("/history/transfers")).body.contains(numbers[0]))
        }
    }

    @Test func aWrongPeriodIsNamedOnItsField() async throws {
        try await withSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let bad = try await browser.get("/history/transfers?from=2026-13-01&to=")
            #expect(bad.status == .badRequest)
            #expect(bad.body.contains(#"id="from-error""#))
            #expect(!bad.body.contains(#"id="transfer-history-rows""#))
            let reversed = try await browser.get("/history/transfers?from=2026-11-20&to=2026-11-01")
            #expect(reversed.status == .badRequest)
            #expect(reversed.body.contains(#"id="from-error""#))
            let empty = try await browser.get("/history/transfers")
            #expect(empty.status == .ok)
            #expect(empty.body.contains(#"id="transfer-history-empty""#))
        }
    }

    @Test func signedInOnly() async throws {
        try await withSite { site in
            for path in ["/history/transfers", "/history/transfers/12345"] {
                let response = try await site.browser().get(path)
                #expect(response.status == .seeOther)
                #expect(response.location?.hasPrefix("/login") == true)
            }
        }
    }

    @Test func readsInEnglish() async throws {
        try await withTransferSite { site in
            let browser = site.browser()
            browser.setCookie("kyoei_lang", "en")
            try await browser.logIn()
            let numbers = try await Self.makeTransfers(site, browser)
            let page = try await browser.get("/history/transfers")
            #expect(page.body.contains(#"<html lang="en">"#))
            #expect(page.body.contains(#"<label for="from">From</label>"#))
            let detail = try await browser.get("/history/transfers/\(numbers[0])")
            #expect(detail.body.contains("Back to the transfer history"))
        }
    }
}
