import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import HTTPTypes
import Testing

/// トークン発行 with 「お手持ちの認証アプリ」 through the screens: the choice on トークン発行画面,
/// the QR code and the secret on トークン発行結果確認画面 once (no-store; a reload, another
/// browser or a later visit shows neither), then 利用開始 and a login with the app's codes.
@Suite struct AuthenticatorIssueTests {
    /// トークン発行 with the authenticator app chosen (the 利用開始パスワード left empty).
    static func issueForAuthenticator(_ site: Site, _ browser: Browser, activation: String = "") async throws -> WebResponse {
        let form = try await browser.get("/otp/issue")
        return try await browser.post("/otp/issue", form: [
            ("_csrf", try #require(form.csrf)), ("token_kind", "authenticator"), ("mobile_email", Site.mobile),
            ("activation_password", activation), ("confirmation_password", SeededCustomer.confirmationPassword),
        ])
    }

    @Test func theFormOffersBothKindsTheTokenAppChecked() async throws {
        try await withSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let form = try await browser.get("/otp/issue")
            #expect(form.body.contains(#"<input type="radio" name="token_kind" id="token_kind_app" value="app" checked"#))
            #expect(form.body.contains(#"<input type="radio" name="token_kind" id="token_kind_authenticator" value="authenticator" aria"#))
            #expect(form.body.contains(">トークンアプリ（推奨）</label>") && form.body.contains(">お手持ちの認証アプリ</label>"))
            // Without JavaScript the field stays: not required, and said to be for the token app only.
            let field = try #require(form.firstCapture(#"(<input[^>]*id="activation_password"[^>]*>)"#))
            #expect(!field.contains("required"))
            #expect(form.body.contains("利用開始パスワードは「トークンアプリ」を選んだときだけ入力してください。"))
            // The token app still needs its 利用開始パスワード.
            let missing = try await site.issueToken(browser, activation: "")
            expectErrorList(missing, "利用開始パスワードを入力してください。")
            #expect(try await site.liveToken() == nil)
            // A refused authenticator issuance keeps the choice.
            let form2 = try await browser.get("/otp/issue")
            let refused = try await browser.post("/otp/issue", form: [
                ("_csrf", try #require(form2.csrf)), ("token_kind", "authenticator"), ("mobile_email", "nope"),
                ("confirmation_password", SeededCustomer.confirmationPassword),
            ])
            #expect(refused.status == .badRequest)
            #expect(refused.body.contains(#"id="token_kind_authenticator" value="authenticator" checked"#))
            #expect(!refused.body.contains("利用開始パスワードは4〜8桁"))
        }
    }

    @Test func theSecretIsShownOnceThenActivationAndLoginWork() async throws {
        try await withSite { site in
            let browser = site.browser()
            try await browser.logIn()
            // Whatever is typed as 利用開始パスワード is ignored for an authenticator app.
            let issued = try await Self.issueForAuthenticator(site, browser, activation: "12")
            #expect(issued.location == "/otp/issue/done")
            let token = try #require(try await site.liveToken())
            #expect(token.kind == .authenticator && token.status == .provisioned)

            // Another browser of the same customer (a second login) sees nothing of it.
            let other = site.browser()
            #expect(try await other.logIn().location == "/menu")
            let elsewhere = try await other.get("/otp/issue/done")
            #expect(elsewhere.body.contains(#"id="setup-gone""#) && !elsewhere.body.contains("<svg"))

            let page = try await browser.get("/otp/issue/done")
            #expect(page.status == .ok)
            #expect(page.headers[.cacheControl] == "no-store")
            #expect(page.body.contains("トークン発行結果確認画面"))
            let secretText = try #require(page.firstCapture(#"id="authenticator-secret">([A-Z2-7 ]+)<"#))
            let secret = try #require(Base32.decode(secretText))
            #expect(secret.count == 20)
            #expect(secretText.split(separator: " ").allSatisfy { $0.count <= 4 } && secretText.split(separator: " ").count == 8)
            let qr = try #require(page.firstCapture(#"(<svg[^>]*role="img"[^>]*>.*?</svg>)"#))
            #expect(qr.contains(#"aria-label="認証アプリ登録用のQRコード（ユーザID \#(token.userID)）""#))
            #expect(qr.contains("<path fill=\"#000\" d=\"M"))
            #expect(page.body.contains("FreeOTP・Aegis・2FAS は60秒の間隔に対応しています。"))
            #expect(!page.body.contains("otpauth://"), "the URI is only in the QR code")

            // A reload shows neither the QR code nor the secret.
            let reload = try await browser.get("/otp/issue/done")
            #expect(reload.status == .ok && reload.headers[.cacheControl] == "no-store")
            #expect(reload.body.contains(#"id="setup-gone""#))
            #expect(!reload.body.contains("<svg") && !reload.body.contains(secretText) && !reload.body.contains(String(secretText.prefix(4)) + " "))

            // The mail: the notice of its own, without link or secret.
            let mail = try #require(try await site.outbox(kind: "otp_token_issued").first)
            let body = try decodedBody(mail)
            #expect(body.contains("お手持ちの認証アプリ用") && !body.contains("http") && !body.contains(secretText.replacingOccurrences(of: " ", with: "")))

            #expect(try await browser.get("/otp").body.contains("お手持ちの認証アプリ用のトークンを発行済みです。"))
            // 利用開始 with the app's code, then a login asks for it.
            let done = try await site.activate(browser, code: site.code(secret))
            #expect(done.location == "/otp/activate/done")
            #expect(try await site.extraFactor() == .otpActive)
            site.clock.advance(by: 60)
            let later = site.browser()
            #expect(try await later.logIn().location == "/login/otp")
            #expect(try await site.submitLoginOTP(later, code: site.code(secret)).location == "/menu")
            // Once active, the result page is gone altogether.
            #expect(try await browser.get("/otp/issue/done").location == "/otp")
        }
    }

    @Test func mailPasswordOnRefusesTheAuthenticatorToo() async throws {
        try await withSite { site in
            let browser = site.browser()
            try await browser.logIn()
            try await site.bank.database.transaction { db in
                try await MailPasswordSettingRecords.enable(db, customerID: site.customer.customer.id, address: "tanaka01@example.jp",
                                                            at: site.clock.now())
            }
            let form = try await browser.get("/otp/issue")
            #expect(!form.body.contains("otp-issue-form"))
            let refused = try await browser.post("/otp/issue", form: [
                ("_csrf", try await browser.sessionToken()), ("token_kind", "authenticator"), ("mobile_email", Site.mobile),
                ("confirmation_password", SeededCustomer.confirmationPassword),
            ])
            expectErrorList(refused, OTPText.mailPasswordOn)
            #expect(try await site.liveToken() == nil)
        }
    }
}
