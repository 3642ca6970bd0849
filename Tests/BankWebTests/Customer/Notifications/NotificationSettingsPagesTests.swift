import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import HTTPTypes
import Testing

/// 通知設定 (ログインのお知らせ) and the browser cookie the login sets: from the menu, the state
/// and the new-browser rule shown, field-named errors, nothing written on refusal, English.
@Suite struct NotificationSettingsPagesTests {
    static let path = "/settings/notifications"

    static func submit(_ browser: Browser, choice: String?, password: String = SeededCustomer.confirmationPassword,
                       csrf: String? = nil) async throws -> WebResponse {
        let page = try await browser.get(path)
        #expect(page.status == .ok)
        var form = [("_csrf", try csrf ?? #require(page.csrf)), ("confirmation_password", password)]
        if let choice { form.append(("login_notice", choice)) }
        return try await browser.post(path, form: form)
    }

    @Test func turningNoticesOffFromTheMenu() async throws {
        try await withTransferSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let menu = try await browser.get("/menu")
            #expect(menu.body.contains(#"href="/settings/notifications" id="menu-notification-settings">通知設定</a>"#))
            let form = try await browser.get(Self.path)
            #expect(form.body.contains("通知設定画面"))
            #expect(form.body.contains(#"<p id="login-notice-state">現在の設定: 受け取る</p>"#))
            #expect(form.body.contains(#"<p id="login-notice-address">送信先: ta****@example.jp</p>"#))
            #expect(form.body.contains("はじめてお使いのブラウザ（新しいパソコンやスマートフォン、履歴を消去したブラウザなど）からのログインは、この設定にかかわらず必ずお知らせします。"))
            #expect(form.body.contains(#"<label for="login_notice_off">受け取らない</label>"#))
            #expect(form.body.contains(#"<input type="radio" name="login_notice" id="login_notice_off" value="off" checked>"#),
                    "the form starts on the change it would make")
            #expect(form.body.contains(#"<label for="confirmation_password">確認用パスワード</label>"#))

            let done = try await Self.submit(browser, choice: "off")
            #expect(done.status == .seeOther && done.location == "/settings/notifications/done?login_notice=off")
            let result = try await browser.get(try #require(done.location))
            #expect(result.body.contains("通知設定結果"))
            #expect(result.body.contains("ログインのお知らせを「受け取らない」に変更しました。はじめてお使いのブラウザからのログインは、引き続きお知らせします。"))
            #expect(try await browser.get(Self.path).body.contains("現在の設定: 受け取らない"))
            #expect(try await site.outbox(kind: "notification_settings_changed").count == 1)
            #expect(try await site.audit(event: "notification_settings_changed").first?.result == .success)
        }
    }

    @Test func refusalsShowTheFormAgainAndWriteNothing() async throws {
        try await withTransferSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let wrong = try await Self.submit(browser, choice: "off", password: "Wrong2026x")
            #expect(wrong.status == .unauthorized || wrong.status == .badRequest)
            #expect(wrong.body.contains("確認用パスワード"))
            let same = try await Self.submit(browser, choice: "on")
            #expect(same.status == .badRequest)
            #expect(same.body.contains(#"<small class="field-error" id="login_notice-error">現在の設定と同じです。変更する場合は、もう一方を選んでください。</small>"#))
            let none = try await Self.submit(browser, choice: nil)
            #expect(none.status == .badRequest)
            #expect(none.body.contains(#"id="login_notice-error">ログインのお知らせを「受け取る」か「受け取らない」か選んでください。"#))
            let forged = try await Self.submit(browser, choice: "off", csrf: "forged")
            #expect(forged.status == .forbidden)
            #expect(try await site.outbox(kind: "notification_settings_changed").isEmpty)
            #expect(try await site.audit(event: "notification_settings_changed").isEmpty)
            #expect(try await browser.get(Self.path).body.contains("現在の設定: 受け取る"))
        }
    }

    /// The login sets the long-lived browser cookie; the same browser is known at its next
    /// login, another browser is new; a failed login sets nothing and mails nothing.
    @Test func theLoginSetsTheBrowserCookieAndNotifies() async throws {
        try await withTransferSite { site in
            let browser = site.browser()
            let failed = try await browser.logIn(Site.loginID, "Wrong2026pass")
            #expect(failed.cookie("kyoei_browser") == nil)
            #expect(try await site.outbox(kind: "login_notice").isEmpty)

            let login = try await browser.logIn()
            #expect(login.location == "/menu")
            let cookie = try #require(login.cookie("kyoei_browser"))
            #expect(isLowerHex64(cookie.value))
            #expect(cookie.has("HttpOnly") && cookie["SameSite"]?.lowercased() == "lax" && cookie["Path"] == "/")
            #expect(cookie["Max-Age"] == String(400 * 86_400) && !cookie.has("Secure"), "plain http in the tests")
            let first = try #require(try await site.outbox(kind: "login_notice").first)
            #expect(first.recipients == ["tanaka01@example.jp"])
            #expect(try TestMail.body(first).contains("これまでにログインのなかったブラウザ"))

            site.clock.advance(by: 61)
            let again = try await browser.logIn()
            #expect(again.cookie("kyoei_browser")?.value == cookie.value, "the same key, its life renewed")
            let second = try #require(try await site.outbox(kind: "login_notice").first)
            let secondBody = try TestMail.body(second)
            #expect(second.id != first.id && !secondBody.contains("これまでにログインのなかったブラウザ"))

            site.clock.advance(by: 61)
            let other = site.browser()
            try await other.logIn()
            #expect(other.cookie("kyoei_browser") != cookie.value)
            let third = try #require(try await site.outbox(kind: "login_notice").first)
            #expect(try TestMail.body(third).contains("これまでにログインのなかったブラウザ"))
        }
    }

    @Test func theScreensSpeakEnglish() async throws {
        try await withTransferSite { site in
            let browser = site.browser()
            browser.setCookie("kyoei_lang", "en")
            try await browser.logIn()
            let form = try await browser.get(Self.path)
            #expect(form.body.contains("Notifications (通知設定画面)"))
            #expect(form.body.contains("is always notified, whatever this setting"))
            #expect(try await browser.get("/menu").body.contains(">Notifications</a>"))
            _ = try await Self.submit(browser, choice: "off")
            #expect(try await browser.get("/settings/notifications/done?login_notice=off").body.contains("Login notices are now off."))
        }
    }
}
