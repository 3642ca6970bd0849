import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import HTTPTypes
import SQLKit
import Testing

/// Every refusal of the OTP path: its message, and nothing changed.
@Suite struct OTPRefusalTests {
    @Test func issuanceRefusesBadInputAndWrongConfirmationPasswordWithNothingWritten() async throws {
        try await withSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let bad = try await site.issueToken(browser, mobile: "not-an-address", activation: "12", confirmation: "")
            #expect(bad.status == .badRequest)
            expectErrorList(bad, "メールアドレスの形式が正しくありません。")
            expectErrorList(bad, "利用開始パスワードは4〜8桁の数字で入力してください。")
            expectErrorList(bad, "確認用パスワードを入力してください。")
            for activation in ["123456789", "12a4", "１２３"] {
                let refused = try await site.issueToken(browser, activation: activation)
                expectErrorList(refused, "利用開始パスワードは4〜8桁の数字で入力してください。")
            }
            let wrong = try await site.issueToken(browser, confirmation: "Wrong1234")
            expectErrorList(wrong, OTPText.wrongConfirmation)
            #expect(try await site.liveToken() == nil)
            #expect(try await site.outbox(kind: "otp_token_issued").isEmpty)
            #expect(try await site.audit(event: "confirmation_password").first?.result == .failure)
            // Full-width digits are what Japanese keyboards type: accepted.
            #expect(try await site.issueToken(browser, activation: "２４６８").location == "/otp/issue/done")
            let token = try #require(try await site.liveToken())
            #expect(try await site.provision(userID: token.userID, activation: "2468").0 == .ok)
        }
    }

    @Test func confirmationPasswordLocksAfterFiveFailures() async throws {
        try await withSite { site in
            let browser = site.browser()
            try await browser.logIn()
            for _ in 1...4 { expectErrorList(try await site.issueToken(browser, confirmation: "Wrong1234"), OTPText.wrongConfirmation) }
            let fifth = try await site.issueToken(browser, confirmation: "Wrong1234")
            expectErrorList(fifth, "確認用パスワードの誤入力が規定の回数を超えたため")
            let correct = try await site.issueToken(browser)
            expectErrorList(correct, "確認用パスワードの誤入力が規定の回数を超えたため")
            #expect(try await site.liveToken() == nil)
            try await site.bank.counter.unlock(loginID: Site.loginID, credential: .confirmationPassword, by: .operator(name: "test"))
            #expect(try await site.issueToken(browser).location == "/otp/issue/done")
        }
    }

    @Test func mailPasswordOnRefusesIssuanceAndActivation() async throws {
        try await withSite { site in
            let browser = site.browser()
            try await browser.logIn()
            _ = try await site.issueAndProvision(browser)
            try await site.bank.database.transaction { db in
                try await MailPasswordSettingRecords.enable(db, customerID: site.customer.customer.id, address: "tanaka01@example.jp",
                                                            at: site.clock.now())
            }
            let menu = try await browser.get("/otp")
            #expect(menu.body.contains("メール通知パスワードを利用中です。"))
            #expect(!menu.body.contains("id=\"otp-issue\""))
            let form = try await browser.get("/otp/issue")
            expectErrorList(form, OTPText.mailPasswordOn)
            #expect(!form.body.contains("otp-issue-form"))
            let before = try await site.liveToken()
            let refused = try await site.issueToken(browser)
            expectErrorList(refused, OTPText.mailPasswordOn)
            let activate = try await browser.post("/otp/activate", form: [("_csrf", try await browser.sessionToken()), ("otp", "123456")])
            expectErrorList(activate, OTPText.mailPasswordOn)
            #expect(try await site.liveToken() == before, "nothing changed")
            #expect(try await site.outbox(kind: "otp_token_issued").count == 1)
            #expect(try await site.audit(event: "confirmation_password").isEmpty, "the password is not even asked")
        }
    }

    @Test func activeOTPMustBeEndedBeforeANewIssuance() async throws {
        try await withSite { site in
            let browser = site.browser()
            try await browser.logIn()
            _ = try await site.turnOnOTP(browser)
            let refused = try await site.issueToken(browser)
            expectErrorList(refused, OTPText.alreadyActive)
            #expect(try await site.liveToken()?.status == .active)
        }
    }

    @Test func issuingAgainReplacesThePendingToken() async throws {
        try await withSite { site in
            let browser = site.browser()
            try await browser.logIn()
            try await site.issueToken(browser)
            let first = try #require(try await site.liveToken())
            let again = try await site.issueToken(browser, mobile: "new.mobile@example.jp", activation: "13579")
            #expect(again.location == "/otp/issue/done")
            let second = try #require(try await site.liveToken())
            #expect(second.userID != first.userID)
            #expect(try await site.token(userID: first.userID)?.status == .replaced)
            #expect(try await site.provision(userID: first.userID, activation: Site.activation).0 == .gone)
            #expect(try await site.provision(userID: second.userID, activation: "13579").0 == .ok)
        }
    }

    @Test func issuedTokenExpiresAfterSevenDays() async throws {
        try await withSite { site in
            let browser = site.browser()
            try await browser.logIn()
            try await site.issueToken(browser)
            let token = try #require(try await site.liveToken())
            site.clock.advance(by: 7 * 86_400)
            let (status, json) = try await site.provision(userID: token.userID)
            #expect(status == .gone)
            #expect((json["message"] as? String)?.contains("トークンを発行し直してください") == true)
            #expect(try await site.bank.otp.expireOverdueTokens() == 1)
            #expect(try await site.token(userID: token.userID)?.status == .expired)
            #expect(try await site.audit(event: "otp_token_expired").count == 1)
            let relogin = site.browser()
            try await relogin.logIn()
            #expect(try await relogin.get("/otp").body.contains("ワンタイムパスワードは利用していません。"))
        }
    }

    @Test func fiveWrongActivationPasswordsVoidTheToken() async throws {
        try await withSite { site in
            let browser = site.browser()
            try await browser.logIn()
            try await site.issueToken(browser)
            let token = try #require(try await site.liveToken())
            for attempt in 1...4 {
                let (status, json) = try await site.provision(userID: token.userID, activation: "9999")
                #expect(status == .unauthorized, "attempt \(attempt)")
                #expect(json["error"] as? String == "invalid_credentials")
            }
            let (fifth, json) = try await site.provision(userID: token.userID, activation: "9999")
            #expect(fifth.code == 423)
            #expect(json["error"] as? String == "token_void")
            #expect(try await site.token(userID: token.userID)?.status == .void)
            #expect(try await site.outbox(kind: "otp_token_void").first?.recipients == [Site.mobile])
            #expect(try await site.provision(userID: token.userID).0 == .gone, "the right password no longer helps")
            // Unknown user or service IDs get the same answer as a wrong password.
            #expect(try await site.provision(userID: "0000000000").0 == .unauthorized)
            #expect(try await site.provision(serviceID: "OTHER", userID: token.userID).0 == .unauthorized)
            // Issuing again starts over with a fresh count.
            try await site.issueToken(browser)
            let fresh = try #require(try await site.liveToken())
            #expect(try await site.provision(userID: fresh.userID, activation: "9999").0 == .unauthorized)
            #expect(try await site.provision(userID: fresh.userID).0 == .ok)
        }
    }

    @Test func provisioningRejectsMalformedRequests() async throws {
        try await withSite { site in
            #expect(try await site.provision(userID: "", rawBody: "not json").0 == .badRequest)
            #expect(try await site.provision(userID: "", rawBody: #"{"user_id":"1234567890"}"#).0 == .badRequest)
            #expect(try await site.provision(userID: "1234567890", contentType: "application/x-www-form-urlencoded").0 == .unsupportedMediaType)
            let (status, json) = try await site.provision(userID: "12345", activation: "ab")
            #expect(status == .badRequest)
            #expect(json["error"] as? String == "invalid_request")
            #expect((json["message"] as? String)?.isEmpty == false && (json["message_en"] as? String)?.isEmpty == false)
        }
    }

    @Test func activationBeforeSetUpIsRefused() async throws {
        try await withSite { site in
            let browser = site.browser()
            try await browser.logIn()
            try await site.issueToken(browser)
            let page = try await browser.get("/otp/activate")
            expectErrorList(page, OTPText.notSetUp)
            let refused = try await browser.post("/otp/activate", form: [("_csrf", try await browser.sessionToken()), ("otp", "123456")])
            expectErrorList(refused, OTPText.notSetUp)
            #expect(try await site.liveToken()?.status == .issued)
        }
    }

    @Test func fiveWrongCodesAtLoginLockTheOTPUntilTheBankUnlocks() async throws {
        try await withSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let secret = try await site.turnOnOTP(browser)
            let login = site.browser()
            try await login.logIn()
            let wrong = site.code(secret) == "000000" ? "111111" : "000000"
            for _ in 1...4 { #expect(try await site.submitLoginOTP(login, code: wrong).status == .unauthorized) }
            let fifth = try await site.submitLoginOTP(login, code: wrong)
            #expect(fifth.status == .forbidden)
            expectErrorList(fifth, OTPText.otpLocked)
            #expect(try await login.get("/menu").location?.hasPrefix("/login") == true)
            #expect(try await site.outbox(kind: "otp_locked").count == 1)
            // Even the right password and code do not open it now.
            let retry = site.browser()
            let refused = try await retry.logIn()
            expectErrorList(refused, OTPText.otpLocked)
            #expect(retry.cookie("kyoei_session") == nil)
            #expect(try await site.bank.counter.unlock(loginID: Site.loginID, credential: .otp, by: .operator(name: "clerk")) == [.otp])
            site.clock.advance(by: 60)
            let unlocked = site.browser()
            try await unlocked.logIn()
            #expect(try await site.submitLoginOTP(unlocked, code: site.code(secret)).location == "/menu")
        }
    }

    @Test func lostPhoneResetByTheBank() async throws {
        try await withSite { site in
            let browser = site.browser()
            try await browser.logIn()
            _ = try await site.turnOnOTP(browser)
            await #expect(throws: BankError.invalidInput([FieldError(field: "reason", messageKey: "error.reason.required")])) {
                try await site.bank.otp.resetToken(loginID: Site.loginID, reason: "  ", by: .operator(name: "clerk"))
            }
            #expect(try await site.extraFactor() == .otpActive)
            let ended = try await site.bank.otp.resetToken(loginID: Site.loginID, reason: "紛失 運転免許証で本人確認", by: .operator(name: "clerk"))
            #expect(ended.status == .reset)
            #expect(try await site.extraFactor() == .none)
            let audit = try #require(try await site.audit(event: "otp_reset").first)
            #expect(audit.actor == "staff:clerk")
            #expect(audit.detail.contains("紛失 運転免許証で本人確認"))
            #expect(try await site.outbox(kind: "otp_reset").first?.recipients == ["tanaka01@example.jp"])
            #expect(try await site.browser().logIn().location == "/menu")
            await #expect(throws: BankError.factor(.noTokenToEnd)) {
                try await site.bank.otp.resetToken(loginID: Site.loginID, reason: "again", by: .operator(name: "clerk"))
            }
        }
    }

    @Test func pendingTokenCanBeWithdrawn() async throws {
        try await withSite { site in
            let browser = site.browser()
            try await browser.logIn()
            try await site.issueToken(browser)
            let form = try await browser.get("/otp/deactivate")
            #expect(form.body.contains("利用開始前のトークンを取り消します。"))
            let done = try await browser.post("/otp/deactivate", form: [("_csrf", try #require(form.csrf)),
                                                                        ("confirmation_password", SeededCustomer.confirmationPassword)])
            #expect(done.location == "/otp/deactivate/done")
            #expect(try await site.extraFactor() == .none)
            #expect(try await site.outbox(kind: "otp_withdrawn").count == 1)
        }
    }

    @Test func otpFormsNeedTheSessionsCSRFToken() async throws {
        try await withSite { site in
            let browser = site.browser()
            try await browser.logIn()
            for path in ["/otp/issue", "/otp/activate", "/otp/deactivate"] {
                let forged = try await browser.post(path, form: [("_csrf", String(repeating: "0", count: 64)),
                                                                 ("mobile_email", Site.mobile), ("activation_password", "2468"),
                                                                 ("confirmation_password", SeededCustomer.confirmationPassword)])
                #expect(forged.status == .forbidden, "\(path)")
            }
            #expect(try await site.liveToken() == nil)
        }
    }
}
