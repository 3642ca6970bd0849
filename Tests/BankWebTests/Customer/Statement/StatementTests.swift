import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Testing

/// 入出金明細照会: lines newest first with the running balance, the period rules, and
/// refusal of accounts that are not the customer's.
@Suite struct StatementTests {
    /// Three more postings on the following days: +50,000 (26th), -30,000 (27th), +5,000 (28th).
    static let postings: @Sendable (Bank, ManualClock) async throws -> Void = { bank, clock in
        let number = try await bank.counter.accounts(loginID: "tanaka01").first { $0.accountType == .ordinary }!.accountNumber
        clock.advance(by: 86_400)
        _ = try await bank.counter.post(.deposit, branch: "001", accountNumber: number, amount: "50000", by: .operator(name: "t"))
        clock.advance(by: 86_400)
        _ = try await bank.counter.post(.withdrawal, branch: "001", accountNumber: number, amount: "30000", memo: "ATM",
                                       by: .operator(name: "t"))
        clock.advance(by: 86_400)
        _ = try await bank.counter.post(.deposit, branch: "001", accountNumber: number, amount: "5000", by: .operator(name: "t"))
    }

    @Test func defaultPeriodShowsTheOpeningDeposit() async throws {
        try await withSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let page = try await browser.get("/statement")
            #expect(page.status == .ok)
            #expect(page.body.contains("<h1>入出金明細照会</h1>"))
            #expect(page.body.contains(#"<label for="from">照会開始日</label>"#))
            #expect(page.body.contains(#"<label for="to">照会終了日</label>"#))
            #expect(page.body.contains(#"id="statement-button">照会</button>"#))
            #expect(page.body.contains(#"name="from" value="2026-10-25" max="2026-11-25""#))
            #expect(page.body.contains(#"name="to" value="2026-11-25" max="2026-11-25""#))
            #expect(page.body.contains("照会期間: 2026年10月25日〜2026年11月25日"))
            #expect(page.body.contains(#"<option value="\#(site.customer.ordinary.id)" selected>本店 普通 \#(site.customer.ordinary.accountNumber)</option>"#))
            #expect(page.statementRows == [["2026年11月25日", "窓口入金", "", "100,000円", "100,000円"]])
        }
    }

    @Test func linesAreNewestFirstWithRunningBalance() async throws {
        try await withSite(before: Self.postings) { site in
            let browser = site.browser()
            try await browser.logIn()
            let page = try await browser.get("/statement")
            #expect(page.status == .ok)
            #expect(page.statementRows == [
                ["2026年11月28日", "窓口入金", "", "5,000円", "125,000円"],
                ["2026年11月27日", "窓口出金 ATM", "30,000円", "", "120,000円"],
                ["2026年11月26日", "窓口入金", "", "50,000円", "150,000円"],
                ["2026年11月25日", "窓口入金", "", "100,000円", "100,000円"],
            ])
            #expect(page.body.contains("新しい順に表示しています。"))

            // A period in the middle: whole days, both ends included.
            let middle = try await browser.get("/statement?account=\(site.customer.ordinary.id)&from=2026-11-26&to=2026-11-27")
            #expect(middle.status == .ok)
            #expect(middle.statementRows.map { $0[0] } == ["2026年11月27日", "2026年11月26日"])
            #expect(middle.body.contains(#"name="from" value="2026-11-26""#))
            // Slashes and full-width digits are read too.
            let slashes = try await browser.get("/statement?from=2026/11/28&to=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%96-11-28")
            #expect(slashes.status == .ok)
            #expect(slashes.statementRows.map { $0[4] } == ["125,000円"])
        }
    }

    @Test func postingsAtTheSameMomentKeepTheirOrder() async throws {
        try await withSite { site in
            let number = site.customer.ordinary.accountNumber
            _ = try await site.bank.counter.post(.withdrawal, branch: "001", accountNumber: number, amount: "1", by: .operator(name: "t"))
            _ = try await site.bank.counter.post(.withdrawal, branch: "001", accountNumber: number, amount: "2", by: .operator(name: "t"))
            let browser = site.browser()
            try await browser.logIn()
            #expect(try await browser.get("/statement").statementRows.map { $0[4] } == ["99,997円", "99,999円", "100,000円"])
        }
    }

    @Test func otherAccountAndEmptyPeriod() async throws {
        try await withSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let savings = try await browser.get("/statement?account=\(site.customer.savings.id)")
            #expect(savings.status == .ok)
            #expect(savings.body.contains("吉田支店 貯蓄 \(site.customer.savings.accountNumber) ／"))
            #expect(savings.body.contains("照会期間内の入出金はありません。"))
            #expect(savings.statementRows.isEmpty)
            let past = try await browser.get("/statement?from=2026-01-01&to=2026-01-31")
            #expect(past.status == .ok)
            #expect(past.body.contains(#"id="statement-empty""#))
        }
    }

    @Test(arguments: [
        ("from=2026-11-25&to=2026-11-24", "照会開始日には照会終了日以前の日付を指定してください。"),
        ("from=2026-02-30&to=2026-11-25", "日付を正しく入力してください"),
        ("from=2026-11-01&to=2026-13-01", "日付を正しく入力してください"),
        ("from=yesterday", "日付を正しく入力してください"),
        ("from=2025-01-01&to=2026-11-25", "照会期間は366日以内で指定してください。"),
        ("from=2026-11-26&to=2026-11-30", "照会開始日に未来の日付は指定できません。"),
    ])
    func invalidPeriodsAre400(query: String, message: String) async throws {
        try await withSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let page = try await browser.get("/statement?\(query)")
            #expect(page.status == .badRequest)
            expectErrorList(page, message)
            #expect(!page.body.contains(#"<section id="statement">"#), "no lines with an invalid period")
            #expect(page.body.contains(#"id="statement-form""#), "the form is shown again to correct")
        }
    }

    @Test func rangeLimitBoundaryAndEscapedEcho() async throws {
        try await withSite { site in
            let browser = site.browser()
            try await browser.logIn()
            #expect(try await browser.get("/statement?from=2025-12-01&to=2026-11-25").status == .ok)
            let hostile = try await browser.get("/statement?from=%3Cscript%3Ealert(1)%3C/script%3E")
            #expect(hostile.status == .badRequest)
            #expect(!hostile.body.contains("<script>"))
            #expect(hostile.body.contains("&lt;script&gt;"))
        }
    }

    @Test func anotherCustomersAccountIsRefusedLikeAMissingOne() async throws {
        try await withSite(before: { bank, _ in
            _ = try await SeededCustomer.create(bank, loginID: "suzuki01", deposit: "777777")
        }) { site in
            let suzuki = try await site.bank.counter.accounts(loginID: "suzuki01")
            let browser = site.browser()
            try await browser.logIn()
            var answers: [String: WebResponse] = [:]
            for account in suzuki {
                let page = try await browser.get("/statement?account=\(account.id)")
                #expect(page.status == .notFound)
                expectErrorList(page, Text.accountRefused)
                #expect(!page.body.contains("777,777円"))
                #expect(!page.body.contains(account.accountNumber))
                #expect(page.statementRows.isEmpty)
                #expect(!page.body.contains(#"<option value="\#(account.id)""#))
                answers[String(account.id)] = page
            }
            for raw in ["abc", "99999", "-1", "1e3", ""] {
                let page = try await browser.get("/statement?account=\(raw)")
                #expect(page.status == .notFound, "account=\(raw)")
                expectErrorList(page, Text.accountRefused)
                #expect(page.statementRows.isEmpty)
                answers[raw] = page
            }
            // Someone else's account and no account at all give the same page (no probing).
            let someoneElse = try #require(answers[String(suzuki[0].id)])
            let missing = try #require(answers["99999"])
            #expect(someoneElse.body.replacingOccurrences(of: "account=\(suzuki[0].id)", with: "account=X")
                == missing.body.replacingOccurrences(of: "account=99999", with: "account=X"))
            // The customer's own accounts are still offered.
            #expect(missing.body.contains(site.customer.ordinary.accountNumber))
        }
    }
}
