import BankCore
import BankServices
import BankStore
import BankTestSupport
import BankWeb
import Foundation
import Testing

/// Finding things the way a clerk names them: the 監査ログ イベント by its label (Japanese or
/// English) as well as its name, 補償判定資料 by ログインID or name, the CSV with the screen's
/// labels beside the stored values; and the bank's word for itself, 当組合, on its screens.
@Suite struct StaffFindingPagesTests {
    static let client = ClientInfo(ip: "192.0.2.9", userAgent: Site.userAgent)

    static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }

    func events(_ page: WebResponse) -> Set<String> {
        Set(page.allCaptures(#"<tr class="audit-row" data-event="([a-z_]+)""#).map { $0[0] })
    }

    @Test func auditEventFilterTakesLabels() async throws {
        try await withSite { site in
            try await site.browser().logIn()
            _ = try await site.bank.login.checkPassword(loginID: Site.loginID, password: "Wrong-Password-1", client: Self.client)
            let (browser, _) = try await site.staffBrowser()
            let form = try await browser.get("/staff/audit")
            #expect(form.body.contains(#"<option value="ログイン（パスワード認証）" data-event="login_password"></option>"#))

            for typed in ["login", "ログイン", "Login", "LOGIN", " ログイン "] {
                let page = try await browser.get("/staff/audit?login_id=tanaka01&event=\(Self.encoded(typed))")
                #expect(page.status == .ok, "\(typed)")
                #expect(events(page) == ["login"], "\(typed): \(events(page))")
                #expect(page.body.contains(#"value="\#(typed.trimmingCharacters(in: .whitespaces))""#), "what was typed stays")
            }
            // Part of a label: each event it is part of (the password and the code step here).
            let staffRows = try await browser.get("/staff/audit?event=\(Self.encoded("職員ログイン（"))")
            #expect(!events(staffRows).isEmpty)
            #expect(events(staffRows).isSubset(of: ["staff_login_password", "staff_login_otp"]), "\(events(staffRows))")

            let unknown = try await browser.get("/staff/audit?event=\(Self.encoded("振り込め詐欺"))")
            #expect(unknown.status == .badRequest)
            expectErrorList(unknown, "イベントに当てはまるものがありません。一覧から選ぶか、イベント名の一部（例：ログイン）を入力してください。")
            let read = try #require(try await site.staffAudit(event: "staff_view").first { $0.detail.contains("event=staff_login_password,") })
            #expect(read.detail.contains("event=staff_login_password,staff_login_otp"), "the trail records the names: \(read.detail)")
        }
    }

    @Test func auditCSVKeepsStoredColumnsAndAddsLabels() async throws {
        try await withSite { site in
            _ = try await site.bank.login.checkPassword(loginID: Site.loginID, password: "Wrong-Password-1", client: Self.client)
            let (browser, _) = try await site.staffBrowser()
            let csv = try await browser.get("/staff/audit.csv?login_id=tanaka01&event=login")
            let lines = csv.body.split(separator: "\r\n").map(String.init)
            #expect(lines.first == "\u{FEFF}id,at_jst,event,result,actor,customer_id,login_id,ip,user_agent,factors_in_force,"
                + "factors_presented,detail,request_id,channel,event_label,result_label,actor_label,factors_in_force_label,"
                + "factors_presented_label,detail_label,channel_label")
            #expect(lines.count == 2)
            #expect(lines.last?.hasSuffix(",login_password,login_password,wrong_password failures=1,,web,ログイン,失敗,お客様,"
                + "ログインパスワード,ログインパスワード,パスワード誤り（連続失敗回数：1）,Web") == true, "\(lines.last ?? "")")
            browser.setCookie("kyoei_lang", "en")
            let english = try await browser.get("/staff/audit.csv?login_id=tanaka01&event=login")
            #expect(english.body.contains("Wrong password (consecutive failures: 1)"))
        }
    }

    @Test func compensationByLoginIDOrName() async throws {
        try await withTransferSite { site in
            try await site.browser().logIn()
            let (browser, _) = try await site.staffBrowser()
            let form = try await browser.get("/staff/compensation")
            #expect(form.body.contains(#"<label for="customer">ログインID・氏名</label>"#))
            #expect(!form.body.contains(#"<label for="customer_id">"#), "no internal number to type")
            for key in ["tanaka01", "田中花子", "ﾀﾅｶ ﾊﾅｺ", "たなかはなこ"] {
                let report = try await browser.get("/staff/compensation?customer=\(Self.encoded(key))")
                #expect(report.status == .ok, "\(key)")
                #expect(report.body.contains(#"<dd id="report-login-id">tanaka01</dd>"#), "\(key)")
            }
            let byNumber = try await browser.get("/staff/compensation?customer_id=\(site.customerID)")
            #expect(byNumber.body.contains(#"<dd id="report-login-id">tanaka01</dd>"#), "links keep working")
            #expect(byNumber.body.contains(#"id="customer" name="customer" value="tanaka01""#), "the form names the customer")

            _ = try await site.bank.counter.createCustomer(CustomerApplication(
                loginID: "tanaka77", nameKanji: "田中 花子", nameKana: "ﾀﾅｶ ﾊﾅｺ", pcEmail: "tanaka77@example.jp", mobileEmail: nil,
                loginPassword: "Passw0rdLogin77", confirmationPassword: "Passw0rdConfirm77"), by: .operator(name: "test"))
            let shared = try await browser.get("/staff/compensation?customer=\(Self.encoded("田中 花子"))&from=2026-11-01&to=2026-11-25")
            #expect(shared.status == .ok)
            #expect(shared.body.contains("同じ氏名のお客様が2人います。"))
            #expect(!shared.body.contains(#"id="compensation-report""#))
            let links = shared.allCaptures(#"<a href="([^"]+)" class="choice-link">([a-z0-9]+)</a>"#)
            #expect(Set(links.map { $0[1] }) == ["tanaka01", "tanaka77"])
            let chosen = try #require(links.first { $0[1] == "tanaka01" }?[0].replacingOccurrences(of: "&amp;", with: "&"))
            #expect(chosen == "/staff/compensation?customer_id=\(site.customerID)&from=2026-11-01&to=2026-11-25")
            let nobody = try await browser.get("/staff/compensation?customer=nobody99")
            #expect(nobody.status == .notFound)
            #expect(nobody.body.contains(StaffText.customerNotFound))
        }
    }

    /// 協栄信用組合 is a 信用組合: its screens say 当組合, never 当金庫 or 当行.
    @Test func theBankCallsItselfACreditUnion() async throws {
        try await withSite { site in
            let (browser, _) = try await site.staffBrowser()
            let limit = try await browser.get("/staff/customers/\(site.customerID)/access")
            #expect(limit.body.contains("空欄で当組合の既定額に戻す場合"))
            browser.setCookie("kyoei_lang", "en")
            let english = try await browser.get("/staff/customers/\(site.customerID)/access")
            #expect(english.body.contains("back to the credit union&#39;s default") || english.body.contains("back to the credit union's default"))
            for language in Language.allCases {
                for (key, text) in language.strings {
                    #expect(!text.contains("当金庫") && !text.contains("当行") && !text.contains("ank_self}"), "\(language) \(key): \(text)")
                }
            }
        }
    }
}
