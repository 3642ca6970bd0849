import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Testing

/// 顧客検索 and 顧客詳細: the right customers and data, every view audited, unknown ids 404,
/// and nothing of it anywhere outside /staff.
@Suite struct StaffPagesTests {
    @Test func searchFindsCustomersByEachKey() async throws {
        try await withTransferSite { site in
            let (browser, _) = try await site.staffBrowser()
            let form = try await browser.get("/staff/customers")
            #expect(form.status == .ok)
            #expect(form.body.contains(#"<form method="get" action="/staff/customers" class="panel" id="customer-search-form">"#))
            #expect(form.body.contains(#"<label for="name_kana">カナ氏名</label>"#))
            #expect(!form.body.contains(#"id="customer-results""#), "nothing searched yet")

            let byLoginID = try await browser.get("/staff/customers?login_id=TANAKA")
            #expect(byLoginID.status == .ok)
            #expect(byLoginID.body.contains("1件見つかりました。"))
            let rows = byLoginID.tableRows(id: "customer-results")
            #expect(rows.count == 1)
            #expect(Array(rows.first?.prefix(3) ?? []) == ["tanaka01", "田中 花子", "ﾀﾅｶ ﾊﾅｺ"])
            #expect(rows.first?[3].contains(site.customer.ordinary.accountNumber) == true)
            #expect(byLoginID.body.contains(#"<a href="/staff/customers/\#(site.customerID)" class="customer-link">tanaka01</a>"#))

            let hiragana = try #require("すずき".addingPercentEncoding(withAllowedCharacters: .alphanumerics))
            let byKana = try await browser.get("/staff/customers?name_kana=\(hiragana)")
            #expect(byKana.tableRows(id: "customer-results").map { $0[0] } == [Payee.loginID], "hiragana finds ｽｽﾞｷ")
            // A GET form sends a space as "+": the full name typed with its space finds her.
            let fullName = "ﾀﾅｶ ﾊﾅｺ".split(separator: " ").map { $0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }
            let byFullName = try await browser.get("/staff/customers?name_kana=" + fullName.joined(separator: "+"))
            #expect(byFullName.tableRows(id: "customer-results").map { $0[0] } == ["tanaka01"])
            let byAccount = try await browser.get("/staff/customers?account_number=\(site.customer.ordinary.accountNumber)")
            #expect(byAccount.tableRows(id: "customer-results").map { $0[0] } == ["tanaka01"])
            let nobody = try await browser.get("/staff/customers?login_id=nobody")
            #expect(nobody.status == .ok)
            #expect(nobody.body.contains(#"<p id="no-results">該当するお客様はいません。</p>"#))

            let empty = try await browser.get("/staff/customers?login_id=&name_kana=+&account_number=")
            #expect(empty.status == .badRequest)
            expectErrorList(empty, "ログインID、カナ氏名、口座番号のいずれかを入力してください。")
            let badAccount = try await browser.get("/staff/customers?account_number=12ab")
            #expect(badAccount.status == .badRequest)
            expectErrorList(badAccount, "口座番号は7桁の数字で入力してください。")
            let script = try await browser.get("/staff/customers?login_id=%3Cscript%3E")
            #expect(script.status == .badRequest)
            #expect(script.body.contains(#"value="&lt;script&gt;""#) && !script.body.contains("<script>"))

            let views = try await site.staffAudit(event: "staff_view")
            #expect(views.contains { $0.customerID == site.customerID && $0.detail.hasPrefix("customer_search login_id=tanaka") })
            #expect(views.contains { $0.detail.hasPrefix("customer_search") && $0.detail.hasSuffix("results=0") })
            #expect(views.allSatisfy { $0.userAgent == Site.userAgent })
        }
    }

    @Test func detailShowsWhatTheCounterNeedsAndIsAudited() async throws {
        try await withTransferSite { site in
            let customer = site.browser()
            try await customer.logIn()
            let payee = try await site.payeeCustomerAsPayee(.customer)
            try await site.storePayee(.bank, bankCode: "0998", branchCode: "201", number: "1234567", holderName: "ﾀﾅｶ ﾀﾛｳ")
            let (nonce, _) = try await site.prepare(customer, destination: "customer:\(payee.id)", amount: "3000")
            #expect(try await site.execute(customer, nonce: nonce).status == .seeOther)
            let transfer = try #require(try await site.transfers().first)
            // A wrong password afterwards leaves a count on the login password.
            #expect(try await site.browser().logIn(Site.loginID, "WrongPassw0rd").status == .unauthorized)

            let (browser, _) = try await site.staffBrowser()
            let page = try await browser.get("/staff/customers/\(site.customerID)")
            #expect(page.status == .ok)
            #expect(page.body.contains("<h1>顧客詳細</h1>"))
            #expect(page.body.contains(#"<dd id="profile-login-id">tanaka01</dd>"#))
            #expect(page.body.contains(#"<dd id="profile-name-kanji">田中 花子</dd>"#))
            #expect(page.body.contains(#"<dd id="profile-name-kana">ﾀﾅｶ ﾊﾅｺ</dd>"#))
            #expect(page.body.contains(#"<dd id="profile-pc-email">tanaka01@example.jp</dd>"#))
            #expect(page.body.contains(#"<dd id="profile-mobile-email">—</dd>"#))
            #expect(page.tableRows(id: "customer-accounts") == [
                ["本店（001）", "普通", site.customer.ordinary.accountNumber, "97,000円"],
                ["吉田支店（002）", "貯蓄", site.customer.savings.accountNumber, "0円"],
            ])
            #expect(page.body.contains(#"<dd id="daily-limit">1,000,000円（標準）</dd>"#))
            #expect(page.body.contains(#"<dd id="daily-remaining">997,000円</dd>"#))
            #expect(page.body.contains(#"id="factor-state">利用なし</p>"#))
            #expect(page.body.contains("減額される場合あり"), "neither extra factor in use")
            let credentials = page.tableRows(id: "customer-credentials")
            #expect(credentials.count == Credential.allCases.count)
            #expect(credentials.first == ["ログインパスワード", "1", "なし"])
            let logins = page.tableRows(id: "customer-logins")
            #expect(logins.first?[1] == "ログイン" && logins.first?[2] == "失敗", "newest first: the wrong password")
            #expect(logins.contains { $0[2] == "成功" && $0[4] == "ログインパスワード" && $0[6] == Site.userAgent })
            let transfers = page.tableRows(id: "customer-transfers")
            #expect(transfers.count == 1)
            #expect(transfers.first?[0] == transfer.receptionNumber)
            #expect(transfers.first?[4] == "3,000円" && transfers.first?[6] == "完了")
            #expect(page.body.contains(#"<a href="/staff/compensation?transfer=\#(transfer.receptionNumber)" class="transfer-link">"#))
            #expect(page.tableRows(id: "customer-payees").first?[4] == Payee.nameKana)
            #expect(page.tableRows(id: "bank-payees").first
                    == ["架空サンプル銀行（0998）", "駅前支店（201）", "普通", "1234567", "ﾀﾅｶ ﾀﾛｳ", "削除"])
            #expect(page.body.contains(#"href="/staff/audit?customer_id=\#(site.customerID)" id="link-audit""#))
            #expect(page.body.contains(#"href="/staff/compensation?customer_id=\#(site.customerID)" id="link-compensation""#))

            // Every view is one audit row naming the member of staff and the customer.
            try await browser.get("/staff/customers/\(site.customerID)")
            let views = try await site.staffAudit(event: "staff_view").filter { $0.detail == "customer_detail" }
            #expect(views.count == 2)
            #expect(views.allSatisfy { $0.customerID == site.customerID && $0.loginID == "tanaka01" && $0.userAgent == Site.userAgent })
        }
    }

    @Test func detailShowsTheOneTimePasswordWithItsDates() async throws {
        try await withSite { site in
            let customer = site.browser()
            try await customer.logIn()
            _ = try await site.turnOnOTP(customer)
            let (browser, _) = try await site.staffBrowser()
            let page = try await browser.get("/staff/customers/\(site.customer.customer.id)")
            #expect(page.body.contains(#"id="factor-state">ワンタイムパスワード利用中</p>"#))
            #expect(page.body.contains(#"<dd id="token-activated-at">2026-11-25 10:00:00</dd>"#))
            #expect(page.body.contains(#"<strong class="rule full_compensation">原則、全額補償</strong>"#))
            #expect(page.tableRows(id: "customer-tokens").first?[1] == "利用中")
        }
    }

    @Test(arguments: ["/staff/customers/999999", "/staff/customers/abc", "/staff/customers/-1", "/staff/customers/0"])
    func unknownCustomerIs404(path: String) async throws {
        try await withSite { site in
            let (browser, _) = try await site.staffBrowser()
            let page = try await browser.get(path)
            #expect(page.status == .notFound)
            #expect(page.body.contains(StaffText.customerNotFound))
            #expect(page.body.contains(StaffText.badge))
            #expect(page.body.contains(#"href="/staff" id="back-home""#))
            #expect(try await site.staffAudit(event: "staff_view").isEmpty, "nothing was shown")
        }
    }

    @Test func unknownStaffPathsAnswerWithTheBackOfficesErrorPage() async throws {
        try await withSite { site in
            let page = try await site.browser().get("/staff/nothing-here")
            #expect(page.status == .notFound)
            #expect(page.body.contains(StaffText.badge))
            #expect(page.body.contains(#"href="/staff/login" id="back-login""#))
            #expect(!page.body.contains(#"action="/logout""#))
        }
    }

    /// IDOR: the back office's data exists only under /staff and only for staff sessions.
    @Test func nothingOutsideStaffLeaks() async throws {
        try await withTransferSite { site in
            let (browser, _) = try await site.staffBrowser()
            let suzuki = try #require(try await site.payeeAccount().customerID)
            for path in ["/customers/\(site.customerID)", "/customers?login_id=tanaka", "/audit", "/audit.csv",
                         "/compensation?customer_id=\(site.customerID)", "/staff/../customers/\(site.customerID)"] {
                let page = try await browser.get(path)
                #expect(page.status == .notFound || page.status == .seeOther, "\(path): \(page.status)")
                #expect(!page.body.contains("田中") && !page.body.contains("tanaka01@example.jp"), "\(path)")
            }
            let customer = site.browser()
            try await customer.logIn()
            for path in ["/staff/customers/\(suzuki)", "/staff/audit?login_id=suzuki02", "/staff/audit.csv",
                         "/staff/compensation?customer_id=\(suzuki)"] {
                let page = try await customer.get(path)
                #expect(page.status == .seeOther && page.location == "/staff/login", "\(path)")
                #expect(!page.body.contains("鈴木"))
            }
            let staffPage = try await browser.get("/staff/customers/\(site.customerID)")
            #expect(staffPage.headers[.cacheControl] == "no-store")
            #expect(staffPage.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
        }
    }
}
