import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import HTTPTypes
import Testing

/// メールアドレス変更 screens: from the menu, labels, field-named errors with nothing written,
/// the "link sent" screen; the link's page without a login, which a GET does not apply, its
/// POST (with CSRF) that does, once; the one refusal page.
@Suite struct MailAddressPagesTests {
    static let newAddress = "hanako.new@example.jp"

    static func submit(_ browser: Browser, kind: String = "pc", address: String = newAddress, again: String? = nil,
                       password: String = SeededCustomer.confirmationPassword, code: String? = nil) async throws -> WebResponse {
        let page = try await browser.get("/settings/mail-address")
        #expect(page.status == .ok)
        var form = [("_csrf", try #require(page.csrf)), ("kind", kind), ("new_address", address),
                    ("new_address_again", again ?? address), ("confirmation_password", password)]
        if let code { form.append(("otp_code", code)) }
        return try await browser.post("/settings/mail-address", form: form)
    }

    @Test func theFormShowsTheAddressesAndRefusesFieldByField() async throws {
        try await withTransferSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let menu = try await browser.get("/menu")
            #expect(menu.body.contains(#"href="/settings/mail-address" id="menu-mail-address">メールアドレス変更</a>"#))
            let form = try await browser.get("/settings/mail-address")
            #expect(form.body.contains("メールアドレス変更画面"))
            #expect(form.body.contains(#"<dd id="pc-address">tanaka01@example.jp</dd>"#))
            #expect(form.body.contains(#"<dd id="mobile-address">未登録</dd>"#))
            #expect(form.body.contains("メール通知パスワードはご利用になっていません。"))
            #expect(form.body.contains(#"<label for="kind_pc">PCメールアドレス</label>"#))
            #expect(form.body.contains(#"<label for="kind_mobile">携帯メールアドレス</label>"#))
            #expect(form.body.contains(#"<label for="new_address">新しいメールアドレス</label>"#))
            #expect(form.body.contains(#"<label for="new_address_again">新しいメールアドレス（確認のため再入力）</label>"#))
            #expect(form.body.contains(#"<label for="confirmation_password">確認用パスワード</label>"#))
            #expect(!form.body.contains("otp_code"), "no code asked without the one-time password")

            let before = try await TableDump.take(site.bank.database, ignoring: GetChangesNothingTests.ignored)
            let mismatch = try await Self.submit(browser, again: "hanako.neu@example.jp")
            #expect(mismatch.status == .badRequest)
            expectErrorList(mismatch, "新しいメールアドレスが確認のための入力と一致しません。")
            #expect(mismatch.body.contains(#"<small class="field-error" id="new_address_again-error">"#))
            #expect(mismatch.body.contains(#"value="hanako.new@example.jp""#), "the address typed stays")
            let same = try await Self.submit(browser, address: "tanaka01@example.jp")
            #expect(same.body.contains(#"<small class="field-error" id="new_address-error">現在の登録アドレスと同じです。"#))
            let kind = try await Self.submit(browser, kind: "fax")
            #expect(kind.body.contains(#"<small class="field-error" id="kind-error">"#))
            #expect(try await TableDump.take(site.bank.database, ignoring: GetChangesNothingTests.ignored).changes(to: before).isEmpty,
                    "nothing written")
            let wrong = try await Self.submit(browser, password: "Wrong2026pass")
            #expect(wrong.status == .badRequest)
            #expect(wrong.body.contains(#"<small class="field-error" id="confirmation_password-error">確認用パスワードが正しくありません。</small>"#))
            #expect(try await site.credentialState(customerID: site.customer.customer.id, .confirmationPassword).failures == 1)
            #expect(try await site.outbox(kind: "mail_address_confirm").isEmpty)
        }
    }

    @Test func theLinkWorksWithoutALoginAndAppliesOnlyOnItsPOST() async throws {
        try await withTransferSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let sent = try await Self.submit(browser)
            #expect(sent.status == .seeOther && sent.location == "/settings/mail-address/sent")
            let done = try await browser.get("/settings/mail-address/sent")
            #expect(done.body.contains("新しいメールアドレス（hanako.new@example.jp）に確認用のメールを送信しました。"))
            #expect(try await browser.get("/settings/mail-address").body.contains(#"id="pending-change""#))
            try await GetChangesNothingTests.expectNoChange(site, browser, ["/settings/mail-address", "/settings/mail-address/sent"])

            let path = try await site.mailedConfirmationPath()
            let phone = site.browser()
            try await GetChangesNothingTests.expectNoChange(site, phone, [path])
            let page = try await phone.get(path)
            #expect(page.body.contains("メールアドレス変更確認画面"))
            #expect(page.body.contains(#"<dd id="confirm-new-address">hanako.new@example.jp</dd>"#))
            #expect(page.body.contains(#"<button type="submit" class="primary" id="confirm">変更を確定する</button>"#))
            #expect(try await site.bank.counter.customer(loginID: "tanaka01").pcEmail == "tanaka01@example.jp")

            let token = try #require(page.firstCapture(#"name="token" value="([0-9a-f]{64})""#))
            let forged = try await phone.post("/settings/mail-address/confirm", form: [("_csrf", "x"), ("token", token)])
            #expect(forged.status == .forbidden, "CSRF checked before the login-free page")
            let confirmed = try await phone.post("/settings/mail-address/confirm", form: [("_csrf", try #require(page.csrf)), ("token", token)])
            #expect(confirmed.status == .ok)
            #expect(confirmed.body.contains("PCメールアドレスをhanako.new@example.jpに変更しました。"))
            #expect(confirmed.body.contains(#"id="to-login""#))
            #expect(try await site.bank.counter.customer(loginID: "tanaka01").pcEmail == Self.newAddress)

            let again = try await phone.post("/settings/mail-address/confirm", form: [("_csrf", try #require(page.csrf)), ("token", token)])
            #expect(again.status == .gone)
            #expect(again.body.contains("このURLは使用済みです。"))
            let unknown = try await phone.get("/settings/mail-address/confirm?token=" + String(repeating: "a", count: 64))
            #expect(unknown.status == .notFound && unknown.body.contains("このURLは無効です。"))
            #expect(try await phone.get("/settings/mail-address/confirm").status == .notFound)
        }
    }

    @Test func theMailPasswordMoveIsSaidBeforeAndAfter() async throws {
        try await withTransferSite { site in
            let browser = site.browser()
            try await browser.logIn()
            _ = try await site.bank.mailPassword.changeSetting(by: .customer(id: site.customer.customer.id), use: true,
                                                              address: "tanaka01@example.jp",
                                                              confirmationPassword: SeededCustomer.confirmationPassword,
                                                              session: [.loginPassword], client: ClientInfo(ip: "192.0.2.1", userAgent: "t"))
            #expect(try await browser.get("/settings/mail-address").body.contains("メール通知パスワードはPCメールアドレスにお送りしています。"))
            _ = try await Self.submit(browser)
            let path = try await site.mailedConfirmationPath()
            // Opened in the signed-in browser: the header stays, the session's token is the form's.
            let page = try await browser.get(path)
            #expect(page.body.contains(#"id="confirm-mail-password""#))
            let token = try #require(page.firstCapture(#"name="token" value="([0-9a-f]{64})""#))
            let confirmed = try await browser.post("/settings/mail-address/confirm", form: [("_csrf", try await browser.sessionToken()),
                                                                                           ("token", token)])
            #expect(confirmed.body.contains("メール通知パスワードの送信先も、新しいアドレスに変更しました。"))
            #expect(confirmed.body.contains("メニューへ戻る"))
        }
    }

    @Test func theOneTimePasswordIsAskedWhileActive() async throws {
        try await withSite { site in
            let browser = site.browser()
            try await browser.logIn()
            try await site.issueToken(browser)
            let secret = try await GetChangesNothingTests.provisionLiveToken(site)
            _ = try await site.activate(browser, code: site.code(secret))
            site.clock.advance(by: 60)
            let form = try await browser.get("/settings/mail-address")
            #expect(form.body.contains(#"<label for="otp_code">ワンタイムパスワード</label>"#))
            #expect(form.body.contains(#"autocomplete="one-time-code""#))
            let missing = try await Self.submit(browser)
            #expect(missing.status == .badRequest)
            #expect(missing.body.contains(#"id="otp_code-error">ワンタイムパスワードを入力してください。</small>"#))
            let sent = try await Self.submit(browser, code: site.code(secret))
            #expect(sent.location == "/settings/mail-address/sent")
        }
    }

    @Test func englishTexts() async throws {
        try await withTransferSite { site in
            let browser = site.browser()
            browser.setCookie("kyoei_lang", "en")
            try await browser.logIn()
            let form = try await browser.get("/settings/mail-address")
            #expect(form.body.contains(#"<label for="new_address">New mail address</label>"#))
            #expect(form.body.contains("Send the confirmation mail"))
        }
    }
}
