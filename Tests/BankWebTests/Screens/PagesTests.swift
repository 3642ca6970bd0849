import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Testing

/// メニュー画面, 残高照会 and every screen template, behind the session gate.
@Suite struct PagesTests {
    @Test(arguments: ["/menu", "/balances", "/statement", "/statement?account=1"])
    func pagesNeedASession(path: String) async throws {
        try await withSite { site in
            let anonymous = try await site.browser().get(path)
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.location == "/login")
            #expect(!anonymous.body.contains("田中"))

            for garbage in ["garbage", "", String(repeating: "z", count: 64), String(repeating: "a", count: 64),
                            "'; DROP TABLE sessions; --"] {
                let browser = site.browser()
                let response = try await browser.get(path, headers: [.cookie: "kyoei_session=\(garbage)"])
                #expect(response.status == .seeOther, "cookie \(garbage)")
                #expect(response.location?.hasPrefix("/login") == true, "cookie \(garbage)")
                #expect(!response.body.contains("田中"))
            }
            // A session id from the audit or database (its hash) is not a cookie.
            let browser = site.browser()
            try await browser.logIn()
            let stored = try await site.bank.database.read { db in
                try await db.raw("SELECT token_hash FROM sessions").first()!.decode(column: "token_hash", as: String.self)
            }
            #expect(stored != browser.cookie("kyoei_session"), "the database keeps only a hash")
            let byHash = try await site.browser().get(path, headers: [.cookie: "kyoei_session=\(stored)"])
            #expect(byHash.status == .seeOther)
        }
    }

    @Test func balancesShowBothAccounts() async throws {
        try await withSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let page = try await browser.get("/balances")
            #expect(page.status == .ok)
            #expect(page.body.contains("<h1>残高照会</h1>"))
            #expect(page.body.contains("照会日時: 2026年11月25日 10:00"))
            let rows = page.balanceRows
            #expect(rows.map { Array($0.prefix(4)) } == [
                ["本店", "普通", site.customer.ordinary.accountNumber, "100,000円"],
                ["吉田支店", "貯蓄", site.customer.savings.accountNumber, "0円"],
            ])
            for row in rows {
                #expect(row[2].count == 7 && row[2].allSatisfy(\.isNumber), "7-digit account number \(row[2])")
            }
            #expect(rows.map { $0[4] } == [String(site.customer.ordinary.id), String(site.customer.savings.id)])
            #expect(page.body.contains(#"<a href="/menu">メニューへ戻る</a>"#))
        }
    }

    @Test func balancesFollowThePostings() async throws {
        try await withSite { site in
            _ = try await site.bank.counter.post(.withdrawal, branch: "001", accountNumber: site.customer.ordinary.accountNumber,
                                                amount: "1234", by: .operator(name: "t"))
            _ = try await site.bank.counter.post(.deposit, branch: "002", accountNumber: site.customer.savings.accountNumber,
                                                amount: "1234567", by: .operator(name: "t"))
            let browser = site.browser()
            try await browser.logIn()
            let balances = try await browser.get("/balances").balanceRows.map { $0[3] }
            #expect(balances == ["98,766円", "1,234,567円"])
        }
    }

    @Test func anotherCustomersDataIsNeverShown() async throws {
        try await withSite(before: { bank, _ in
            _ = try await SeededCustomer.create(bank, loginID: "suzuki01", deposit: "777777")
        }) { site in
            let browser = site.browser()
            try await browser.logIn()
            let balances = try await browser.get("/balances")
            #expect(balances.balanceRows.count == 2)
            #expect(!balances.body.contains("777,777円"))
            #expect(!balances.body.contains("1000002"))
        }
    }

    /// Each template in `screenNames` is reached through the site and renders a whole page.
    @Test func everyScreenTemplateRenders() async throws {
        try await withSite { site in
            let rendered = try await site.renderEveryScreen()
            let markers = [
                "login": #"id="login-form""#, "menu": #"id="menu-balances""#, "balances": #"id="balances""#,
                "statement": #"id="statement-form""#, "error": #"class="error-message""#,
                "token_app": #"id="start-command""#, "otp_menu": #"id="otp-state""#, "otp_issue": #"id="otp-issue-form""#,
                "otp_issued": #"id="result-message""#, "otp_activate": #"id="otp-activate-form""#,
                "otp_issued_authenticator": #"id="authenticator-qr""#,
                "otp_activated": "ワンタイムパスワードの利用開始登録が完了しました。", "login_otp": #"id="login-otp-form""#,
                "otp_deactivate": #"id="otp-deactivate-form""#, "otp_deactivated": "ワンタイムパスワードの利用解除登録が完了しました。",
                "transfer": #"id="transfer-form""#, "transfer_other": #"id="transfer-other-form""#,
                "transfer_bank_search": #"id="directory-search-form""#, "transfer_branch_search": #"id="chosen-bank""#,
                "transfer_amount": #"id="transfer-amount-form""#, "transfer_confirm": #"id="transfer-execute-form""#,
                "transfer_done": #"id="reception-number""#, "payees": #"id="customer-payee-list""#,
                "payee_new": #"id="payee-new-form""#, "payee_delete": #"id="payee-delete-form""#,
                "mail_password": #"id="mail-password-form""#, "mail_password_done": "メール通知パスワードの利用を開始しました。",
                "password_change": #"id="password-change-form""#, "password_change_done": "ログインパスワードの変更が完了しました。",
                "login_history": #"id="login-history-rows""#, "transfer_history": #"id="transfer-history-rows""#,
                "transfer_history_detail": #"id="transfer-history-back""#,
            ].merging(Site.staffMarkers) { first, _ in first }.merging(Site.notificationMarkers) { first, _ in first }
                .merging(Site.transferLimitMarkers) { first, _ in first }
                .merging(Site.mailAddressMarkers) { first, _ in first }
                .merging(Site.scheduledMarkers) { first, _ in first }
            #expect(!site.renderer.screenNames.isEmpty)
            for name in site.renderer.screenNames {
                let page = try #require(rendered[name], "template \(name) has no request in this test: add one")
                let marker = try #require(markers[name])
                #expect(page.body.hasPrefix("<!DOCTYPE html>"), "\(name)")
                #expect(page.body.contains(#"<html lang="ja">"#), "\(name)")
                #expect(page.body.contains("<h1>"), "\(name)")
                #expect(page.body.contains("<footer class=\"site-footer\">"), "\(name) has the footer partial")
                #expect(page.body.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("</html>"), "\(name)")
                #expect(page.body.contains(marker), "\(name)")
                #expect(!page.body.contains("{{"), "\(name): no unrendered tags")
                #expect(page.headers[.contentType] == "text/html; charset=utf-8", "\(name)")
            }
            #expect(rendered["error"]?.status == .forbidden)
            #expect(rendered["error"]?.body.contains(Text.csrfError) == true)
            #expect(rendered["error"]?.body.contains(#"<p><a href="/"#) == true, "the error page links back into the site")
        }
    }

    @Test func everyScreenRendersInEnglishToo() async throws {
        try await withSite { site in
            let browser = site.browser()
            browser.setCookie("kyoei_lang", "en")
            var pages = [try await browser.get("/login")]
            try await browser.logIn()
            for path in ["/menu", "/balances", "/statement"] { pages.append(try await browser.get(path)) }
            pages.append(try await browser.post("/logout", form: []))
            for page in pages {
                #expect(page.body.contains(#"<html lang="en">"#))
                #expect(page.body.contains("Kyoei Net Banking"))
                #expect(!page.body.contains("{{"))
            }
            #expect(pages[2].body.contains("Head Office"))
            #expect(pages[2].body.contains("Yoshida Branch"))
            #expect(pages[2].body.contains("100,000円"))
        }
    }

    @Test func unknownPathsAre404() async throws {
        try await withSite { site in
            let response = try await site.browser().get("/admin")
            #expect(response.status == .notFound)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            #expect(response.body.contains("お探しのページは見つかりませんでした。"))
            #expect(response.body.contains(#"<a href="/login">"#))
            let english = site.browser()
            english.setCookie("kyoei_lang", "en")
            #expect(try await english.get("/admin").body.contains(#"<html lang="en">"#))
            #expect(try await site.browser().get("/healthz").body == #"{"status":"alive"}"# + "\n")
        }
    }
}
