import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import HTTPTypes
import Testing

/// The whole one-time password path through the screens, with a manual clock:
/// トークン発行 → the app's provisioning → 利用開始 → login with OTP → 利用解除.
@Suite struct OTPFlowTests {
    @Test func issueProvisionActivateLoginDeactivate() async throws {
        try await withSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let menu = try await browser.get("/menu")
            #expect(menu.body.contains(#"href="/otp" id="menu-otp">ワンタイムパスワード申請</a>"#))
            let otpMenu = try await browser.get("/otp")
            #expect(otpMenu.body.contains("ワンタイムパスワード申請登録画面"))
            #expect(otpMenu.body.contains(">トークン発行</a>"))
            #expect(!otpMenu.body.contains("id=\"otp-activate\""))

            // トークン発行 → トークン発行結果確認画面, mail to the mobile address.
            let form = try await browser.get("/otp/issue")
            for label in ["携帯メールアドレス", "利用開始パスワード", "確認用パスワード"] { #expect(form.body.contains(">\(label)</label>")) }
            #expect(form.body.contains(">実行</button>"))
            let issued = try await site.issueToken(browser)
            #expect(issued.location == "/otp/issue/done")
            let result = try await browser.get("/otp/issue/done")
            #expect(result.body.contains("トークン発行結果確認画面"))
            #expect(result.body.contains(Site.mobile))
            let token = try #require(try await site.liveToken())
            #expect(token.status == .issued)
            #expect(token.userID.count == 10 && token.userID != Site.loginID)
            #expect(!token.activationHash.contains(Site.activation))
            let mails = try await site.outbox(kind: "otp_token_issued")
            #expect(mails.count == 1)
            #expect(mails.first?.recipients == [Site.mobile])
            let mailText = try decodedBody(try #require(mails.first))
            #expect(mailText.contains("サービスID: KYOEI-IB"))
            #expect(mailText.contains("ユーザID: \(token.userID)"))
            // The link opens the phone token app on its own origin, the ids filled in.
            #expect(mailText.contains("トークンアプリ: http://127.0.0.1:8081/?service_id=KYOEI-IB&user_id=\(token.userID)"))
            #expect(mailText.contains("Token app: http://127.0.0.1:8081/?service_id=KYOEI-IB&user_id=\(token.userID)"))
            #expect(!mailText.contains("/token-app"))
            #expect(!mailText.contains(Site.activation))

            // Issued is not active: a new login does not ask for the code.
            let other = site.browser()
            let plainLogin = try await other.logIn()
            #expect(plainLogin.location == "/menu")

            // The app's set-up: the secret once, then never again.
            let (status, json) = try await site.provision(userID: token.userID)
            #expect(status == .ok)
            #expect(json["digits"] as? Int == 6 && json["period"] as? Int == 60 && json["algorithm"] as? String == "SHA1")
            let secretText = try #require(json["secret"] as? String)
            let secret = try #require(Base32.decode(secretText))
            #expect(secret.count == 20)
            let stored = try #require(try await site.liveToken())
            #expect(stored.status == .provisioned)
            #expect(stored.secretSealed?.hasPrefix("v1.test1.") == true)
            #expect(try TestDatabases.secretKeys.open(stored.secretSealed!, associatedData: Array("otp-token:\(stored.id)".utf8)) == secret)
            let (again, againJSON) = try await site.provision(userID: token.userID)
            #expect(again == .gone)
            #expect(againJSON["error"] as? String == "token_unavailable")

            // 利用開始: a wrong code changes nothing, the right one turns the OTP on.
            let wrong = try await site.activate(browser, code: "000000" == site.code(secret) ? "111111" : "000000")
            #expect(wrong.status == .badRequest)
            expectErrorList(wrong, OTPText.wrongCode)
            #expect(try await site.extraFactor() == .otpPending(.provisioned))
            let activation = try await site.activate(browser, code: site.code(secret))
            #expect(activation.location == "/otp/activate/done")
            let done = try await browser.get("/otp/activate/done")
            #expect(done.body.contains("利用開始結果確認"))
            #expect(done.body.contains(OTPText.activated))
            #expect(try await site.outbox(kind: "otp_activated").first?.recipients == ["tanaka01@example.jp"])
            #expect(try await site.audit(event: "otp_activated").count == 1)

            // Login now asks for the code; nothing else is reachable until it passes.
            try await browser.post("/logout", form: [("_csrf", try await browser.sessionToken())])
            let password = try await browser.logIn()
            #expect(password.location == "/login/otp")
            let pendingCookie = try #require(browser.cookie("kyoei_session"))
            for path in ["/menu", "/balances", "/otp", "/statement"] {
                #expect(try await browser.get(path).location == "/login/otp", "\(path) waits for the OTP")
            }
            let otpScreen = try await browser.get("/login/otp")
            #expect(otpScreen.body.contains("ワンタイムパスワード認証画面"))
            #expect(otpScreen.body.contains(#"<label for="otp">ワンタイムパスワード</label>"#))
            // The code used for 利用開始 (same step) is a replay: "already used, wait for the
            // next one", not "wrong", and not counted.
            let replay = try await site.submitLoginOTP(browser, code: site.code(secret))
            #expect(replay.status == .conflict)
            expectErrorList(replay, OTPText.alreadyUsed)
            #expect(try await site.bank.counter.credentialStates(customerID: site.customer.customer.id).first { $0.credential == .otp }?.failures == 0)
            site.clock.advance(by: 60)
            let passed = try await site.submitLoginOTP(browser, code: site.code(secret))
            #expect(passed.location == "/menu")
            #expect(browser.cookie("kyoei_session") != pendingCookie, "a new session id after the step-up")
            #expect(try await browser.get("/menu").status == .ok)
            let login = try #require(try await site.audit(event: "login").first)
            #expect(login.result == .success)
            #expect(login.factors.inForce == [.loginPassword, .otp])
            #expect(login.factors.presented == [.loginPassword, .otp])

            // 利用解除: wrong confirmation password first (nothing changes), then the right one.
            let deactivateForm = try await browser.get("/otp/deactivate")
            #expect(deactivateForm.body.contains("ワンタイムパスワード利用解除画面"))
            let refused = try await browser.post("/otp/deactivate", form: [("_csrf", try #require(deactivateForm.csrf)),
                                                                           ("confirmation_password", "Wrong0000")])
            expectErrorList(refused, OTPText.wrongConfirmation)
            #expect(try await site.extraFactor() == .otpActive)
            let ended = try await browser.post("/otp/deactivate", form: [("_csrf", try #require(deactivateForm.csrf)),
                                                                         ("confirmation_password", SeededCustomer.confirmationPassword)])
            #expect(ended.location == "/otp/deactivate/done")
            let endedPage = try await browser.get("/otp/deactivate/done")
            #expect(endedPage.body.contains("利用解除結果確認"))
            #expect(endedPage.body.contains(OTPText.deactivated))
            #expect(try await site.extraFactor() == .none)
            #expect(try await site.outbox(kind: "otp_deactivated").count == 1)
            let third = site.browser()
            #expect(try await third.logIn().location == "/menu", "no OTP asked after 利用解除")
        }
    }

    @Test func codesFromOneStepEitherSideAreAcceptedButNotTwoSteps() async throws {
        try await withSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let secret = try await site.turnOnOTP(browser)
            for (offset, accepted) in [(-2, false), (2, false), (-1, true)] {
                site.clock.advance(by: 180)
                let login = site.browser()
                #expect(try await login.logIn().location == "/login/otp")
                let answer = try await site.submitLoginOTP(login, code: site.code(secret, offsetSteps: offset))
                #expect((answer.location == "/menu") == accepted, "offset \(offset)")
                try await site.bank.counter.unlock(loginID: Site.loginID, credential: .otp, by: .operator(name: "test"))
            }
            // An older code than the last accepted one is refused even inside the window: it is
            // no longer usable ("wait for the next one"), and not counted as wrong.
            let login = site.browser()
            try await login.logIn()
            let older = try await site.submitLoginOTP(login, code: site.code(secret, offsetSteps: -1))
            #expect(older.status == .conflict)
            expectErrorList(older, OTPText.alreadyUsed)
            #expect(try await site.submitLoginOTP(login, code: site.code(secret)).location == "/menu")
        }
    }
}

