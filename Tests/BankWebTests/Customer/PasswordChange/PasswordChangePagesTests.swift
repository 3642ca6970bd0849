import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import HTTPTypes
import Testing

/// ログインパスワード変更 / 確認用パスワード変更 screens: from the menu, field-named errors, the
/// result screen, the other sessions ended, CSRF, English.
@Suite struct PasswordChangePagesTests {
    static let newLogin = "Atarashii2026login"

    static func submit(_ browser: Browser, _ path: String, current: String, new: String, again: String? = nil,
                       csrf: String? = nil) async throws -> WebResponse {
        let page = try await browser.get(path)
        #expect(page.status == .ok)
        return try await browser.post(path, form: [
            ("_csrf", try csrf ?? #require(page.csrf)), ("current_password", current), ("new_password", new),
            ("new_password_again", again ?? new),
        ])
    }

    @Test func theMenuLinksBothScreens() async throws {
        try await withTransferSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let menu = try await browser.get("/menu")
            #expect(menu.body.contains("<h2>各種変更・設定</h2>"))
            #expect(menu.body.contains(#"href="/settings/login-password" id="menu-login-password">ログインパスワード変更</a>"#))
            #expect(menu.body.contains(#"href="/settings/confirmation-password" id="menu-confirmation-password">確認用パスワード変更</a>"#))
        }
    }

    @Test func changingTheLoginPasswordEndsTheOtherSessions() async throws {
        try await withTransferSite { site in
            let browser = site.browser(), other = site.browser()
            try await browser.logIn()
            try await other.logIn()
            let form = try await browser.get("/settings/login-password")
            #expect(form.status == .ok)
            #expect(form.body.contains("ログインパスワード変更画面"))
            #expect(form.body.contains(#"<label for="current_password">現在のログインパスワード</label>"#))
            #expect(form.body.contains(#"<label for="new_password">新しいログインパスワード</label>"#))
            #expect(form.body.contains(#"<label for="new_password_again">新しいログインパスワード（確認のため再入力）</label>"#))
            #expect(form.body.contains(#"name="current_password" maxlength="128" autocomplete="current-password""#))
            #expect(form.body.components(separatedBy: #"autocomplete="new-password""#).count == 3)
            #expect(form.body.contains("8文字以上32文字以内"), "the written policy")

            let done = try await Self.submit(browser, "/settings/login-password", current: Site.password, new: Self.newLogin)
            #expect(done.status == .seeOther)
            #expect(done.location == "/settings/login-password/done")
            let result = try await browser.get("/settings/login-password/done")
            #expect(result.body.contains("ログインパスワード変更結果"))
            #expect(result.body.contains(#"<p class="notice" id="result-message">ログインパスワードの変更が完了しました。</p>"#))

            #expect(try await browser.get("/menu").status == .ok, "this session stays")
            #expect(try await other.get("/menu").location?.hasPrefix("/login") == true, "the other one ended")
            #expect(try await site.outbox(kind: "login_password_changed").first?.recipients == ["tanaka01@example.jp"])
            #expect(try await site.audit(event: "login_password_changed").first?.result == .success)
            #expect(try await site.browser().logIn(Site.loginID, Site.password).location != "/menu")
            #expect(try await site.browser().logIn(Site.loginID, Self.newLogin).location == "/menu")
        }
    }

    @Test func refusalsShowTheFormAgainWithFieldErrors() async throws {
        try await withTransferSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let path = "/settings/confirmation-password"
            #expect(try await browser.get(path).body.contains("確認用パスワード変更画面"))

            let mismatch = try await Self.submit(browser, path, current: SeededCustomer.confirmationPassword,
                                                 new: "Atarashii2026pw", again: "Atarashii2026px")
            #expect(mismatch.status == .badRequest)
            expectErrorList(mismatch, "新しいパスワードが確認のための入力と一致しません。")
            #expect(mismatch.body.contains(#"<small class="field-error" id="new_password_again-error">新しいパスワードが確認のための入力と一致しません。</small>"#))

            let policy = try await Self.submit(browser, path, current: SeededCustomer.confirmationPassword, new: "short")
            #expect(policy.status == .badRequest)
            #expect(policy.body.contains(#"id="new_password-error">パスワードは8文字以上32文字以内で入力してください。</small>"#))

            let other = try await Self.submit(browser, path, current: SeededCustomer.confirmationPassword, new: Site.password)
            #expect(other.body.contains(#"id="new_password-error">ログインパスワードと確認用パスワードには異なるものを指定してください。</small>"#))

            let wrong = try await Self.submit(browser, path, current: "Wrong2026pass", new: "Atarashii2026pw")
            #expect(wrong.status == .badRequest)
            #expect(wrong.body.contains(#"id="current_password-error">現在のパスワードが正しくありません。</small>"#))
            #expect(try await site.credentialState(customerID: site.customerID, .confirmationPassword).failures == 1)

            #expect(try await site.outbox(kind: "confirmation_password_changed").isEmpty)
            #expect(try await site.audit(event: "confirmation_password_changed").isEmpty)

            let done = try await Self.submit(browser, path, current: SeededCustomer.confirmationPassword, new: "Atarashii2026pw")
            #expect(done.location == "/settings/confirmation-password/done")
            #expect(try await browser.get(try #require(done.location)).body.contains("確認用パスワードの変更が完了しました。"))
        }
    }

    @Test func aFormWithoutTheSessionTokenIsRefused() async throws {
        try await withTransferSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let forged = try await Self.submit(browser, "/settings/login-password", current: Site.password, new: Self.newLogin,
                                               csrf: "forged")
            #expect(forged.status == .forbidden)
            #expect(try await site.outbox(kind: "login_password_changed").isEmpty)
            #expect(try await site.browser().logIn(Site.loginID, Site.password).location == "/menu")
        }
    }

    @Test func theScreensSpeakEnglish() async throws {
        try await withTransferSite { site in
            let browser = site.browser()
            browser.setCookie("kyoei_lang", "en")
            try await browser.logIn()
            let form = try await browser.get("/settings/login-password")
            #expect(form.body.contains(#"<label for="current_password">Current login password</label>"#))
            #expect(try await browser.get("/menu").body.contains("Change confirmation password"))
            _ = try await Self.submit(browser, "/settings/login-password", current: Site.password, new: Self.newLogin)
            #expect(try await browser.get("/settings/login-password/done").body.contains("Your login password has been changed."))
        }
    }
}
