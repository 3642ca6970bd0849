import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// 入出金明細照会 after transfers: the 摘要 in words (never a string key) on the payer's and
/// the payee's side, in Japanese and English, and the 振込手数料 on a line of its own with
/// its own 差引残高, as Japanese bank statements show it.
@Suite struct StatementTransferTests {
    /// 吉田支店 貯蓄 (100,000円 deposited) → 鈴木 at 本店: 30,000円 and 220円 (本支店宛).
    static func payWithFee(_ site: Site, _ browser: Browser) async throws -> AccountRecord {
        _ = try await site.bank.counter.post(.deposit, branch: "002", accountNumber: site.customer.savings.accountNumber,
                                           amount: "100000", by: .operator(name: "test"))
        let payee = try await site.payeeCustomerAsPayee()
        let (nonce, _) = try await site.prepare(browser, source: site.customer.savings.id, destination: "customer:\(payee.id)",
                                                amount: "30000")
        #expect(try await site.execute(browser, nonce: nonce).receptionNumber != nil)
        return try await site.payeeAccount()
    }

    @Test func transferAndFeeAreTwoLinesOnThePayersSide() async throws {
        try await withTransferSite { site in
            let browser = site.browser()
            try await browser.logIn()
            _ = try await Self.payWithFee(site, browser)
            let page = try await browser.get("/statement?account=\(site.customer.savings.id)")
            #expect(page.status == .ok)
            #expect(page.statementRows == [
                ["2026年11月25日", "振込手数料", "220円", "", "69,780円"],
                ["2026年11月25日", "振込 \(Payee.nameKana)", "30,000円", "", "70,000円"],
                ["2026年11月25日", "窓口入金", "", "100,000円", "100,000円"],
            ])
            #expect(!page.body.contains("kind."), "no string key on the screen")

            browser.setCookie("kyoei_lang", "en")
            let english = try await browser.get("/statement?account=\(site.customer.savings.id)")
            #expect(english.statementRows.map { $0[1] } == ["Transfer fee", "Transfer to \(Payee.nameKana)", "Counter deposit"])
            #expect(english.statementRows.map { $0[2] } == ["220円", "30,000円", ""])
            #expect(!english.body.contains("kind."))
        }
    }

    @Test func thePayeeSeesThePayerAndNoFee() async throws {
        try await withTransferSite { site in
            let browser = site.browser()
            try await browser.logIn()
            _ = try await Self.payWithFee(site, browser)
            let payee = site.browser()
            try await payee.logIn(Payee.loginID, Payee.loginPassword)
            let page = try await payee.get("/statement")
            #expect(page.statementRows == [["2026年11月25日", "振込 ﾀﾅｶ ﾊﾅｺ", "", "30,000円", "30,000円"]])
            payee.setCookie("kyoei_lang", "en")
            #expect(try await payee.get("/statement").statementRows.map { $0[1] } == ["Transfer from ﾀﾅｶ ﾊﾅｺ"])
        }
    }

    @Test func ownAccountTransferReadsFurikaeOnBothAccounts() async throws {
        try await withTransferSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let (ordinary, savings) = (site.customer.ordinary, site.customer.savings)
            let (nonce, _) = try await site.prepare(browser, source: ordinary.id, destination: "own:\(savings.id)", amount: "1000")
            #expect(try await site.execute(browser, nonce: nonce).receptionNumber != nil)
            let from = try await browser.get("/statement?account=\(ordinary.id)")
            #expect(from.statementRows.first == ["2026年11月25日", "振替", "1,000円", "", "99,000円"])
            let to = try await browser.get("/statement?account=\(savings.id)")
            #expect(to.statementRows == [["2026年11月25日", "振替", "", "1,000円", "1,000円"]])
            browser.setCookie("kyoei_lang", "en")
            #expect(try await browser.get("/statement?account=\(savings.id)").statementRows.map { $0[1] }
                == ["Transfer between your accounts"])
        }
    }
}
