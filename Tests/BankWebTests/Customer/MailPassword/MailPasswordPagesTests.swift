import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import HTTPTypes
import Testing

/// メール通知パスワード利用変更画面: 利用する / 利用しない with the 確認用パスワード, a mail each
/// time, and refused while a one-time password token is issued or active.
@Suite struct MailPasswordPagesTests {
    @Test func turningOnAndOffMailsTheAddress() async throws {
        try await withTransferSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let form = try await browser.get("/mail-password")
            #expect(form.status == .ok)
            #expect(form.body.contains("メール通知パスワード利用変更画面"))
            #expect(form.body.contains(#"<p id="mail-password-state">未利用</p>"#))
            #expect(form.body.contains(#"value="tanaka01@example.jp" checked"#))
            #expect(form.body.contains(">利用する</label>") && form.body.contains(">利用しない</label>"))
            #expect(form.body.contains(">次へ</button>"))

            let on = try await site.setMailPassword(browser, use: true)
            #expect(on.status == .seeOther)
            #expect(on.location == "/mail-password/done?use=on")
            let done = try await browser.get(try #require(on.location))
            #expect(done.body.contains("メール通知パスワード利用変更結果"))
            #expect(done.body.contains("メール通知パスワードの利用を開始しました。"))
            #expect(done.body.contains("tanaka01@example.jp 宛にお知らせメールを送信しました。"))
            #expect(try await site.extraFactor() == .mailPassword)
            let onMail = try #require(try await site.outbox(kind: "mail_password_on").first)
            #expect(onMail.recipients == ["tanaka01@example.jp"])
            #expect(try decodedBody(onMail).contains("メール通知パスワードの利用を開始しました。"))
            #expect(try await site.audit(event: "mail_password_enabled").first?.result == .success)
            #expect(try await browser.get("/mail-password").body.contains("利用中（送信先: tanaka01@example.jp"))
            #expect(try await browser.get("/transfer").body.contains(#"id="mail-password-notice""#))
            // The OTP screens now say the mail password is in use.
            #expect(try await browser.get("/otp/issue").body.contains(OTPText.mailPasswordOn))

            let off = try await site.setMailPassword(browser, use: false)
            #expect(off.location == "/mail-password/done?use=off")
            let offPage = try await browser.get("/mail-password/done?use=off")
            #expect(offPage.body.contains("メール通知パスワードの利用を停止しました。"))
            #expect(try await site.extraFactor() == ExtraFactorState.none)
            #expect(try await site.outbox(kind: "mail_password_off").first?.recipients == ["tanaka01@example.jp"])
            #expect(try await site.audit(event: "mail_password_disabled").count == 1)
            #expect(!(try await browser.get("/transfer")).body.contains(#"id="mail-password-notice""#))
            // A result screen that no longer matches the setting goes back to the form.
            #expect(try await browser.get("/mail-password/done?use=on").location == "/mail-password")
            // 利用しない while it is off: refused, nothing mailed.
            let again = try await site.setMailPassword(browser, use: false)
            #expect(again.status == .badRequest)
            expectErrorList(again, "メール通知パスワードは利用していません。")
            #expect(try await site.outbox(kind: "mail_password_off").count == 1)
        }
    }

    @Test func wrongConfirmationPasswordOrAddressChangesNothing() async throws {
        try await withTransferSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let wrong = try await site.setMailPassword(browser, use: true, confirmation: "Wrong12345")
            #expect(wrong.status == .badRequest)
            expectErrorList(wrong, TransferText.wrongConfirmation)
            #expect(try await site.credentialState(.confirmationPassword).failures == 1)
            let foreign = try await site.setMailPassword(browser, use: true, address: "thief@example.com")
            #expect(foreign.status == .badRequest)
            expectFieldError(foreign, "address", "登録されたメールアドレスから選択してください。")
            let none = try await browser.post("/mail-password", form: [
                ("_csrf", try await browser.sessionToken()), ("address", "tanaka01@example.jp"),
                ("confirmation_password", SeededCustomer.confirmationPassword),
            ])
            #expect(none.status == .badRequest)
            expectFieldError(none, "use", "「利用する」または「利用しない」を選択してください。")
            #expect(try await site.extraFactor() == ExtraFactorState.none)
            #expect(try await site.outbox(kind: "mail_password_on").isEmpty)
            #expect(try await site.audit(event: "mail_password_enabled").isEmpty)
            // Five wrong passwords lock the 確認用パスワード: the form is withdrawn.
            for _ in 2...4 { try await site.setMailPassword(browser, use: true, confirmation: "Wrong12345") }
            let locked = try await site.setMailPassword(browser, use: true, confirmation: "Wrong12345")
            #expect(locked.status == .forbidden)
            expectErrorList(locked, "確認用パスワードの誤入力が規定の回数を超えたため")
            #expect(!locked.hasForm(action: "/mail-password"))
            #expect(try await site.setMailPassword(browser, use: true).status == .forbidden, "even the right one")
            #expect(try await site.extraFactor() == ExtraFactorState.none)
        }
    }

    @Test func refusedWhileAOneTimePasswordTokenIsIssued() async throws {
        try await withTransferSite { site in
            let browser = site.browser()
            try await browser.logIn()
            #expect(try await site.issueToken(browser).location == "/otp/issue/done")
            let form = try await browser.get("/mail-password")
            #expect(form.body.contains("ワンタイムパスワードをお申込み中または利用中のため"))
            #expect(!form.body.contains(#"id="use_on""#), "利用する is not offered")
            let refused = try await site.setMailPassword(browser, use: true)
            #expect(refused.status == .badRequest)
            expectErrorList(refused, "ワンタイムパスワードをお申込み中または利用中のため")
            #expect(try await site.extraFactor() == .otpPending(.issued))
            #expect(try await site.outbox(kind: "mail_password_on").isEmpty)
            #expect(try await site.credentialState(.confirmationPassword).failures == 0, "the password is not even asked")
            #expect(try await site.audit(event: "mail_password_enabled").isEmpty)
        }
    }
}
