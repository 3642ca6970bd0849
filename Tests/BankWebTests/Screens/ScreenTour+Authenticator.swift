import BankServices
import BankTestSupport
import Foundation
import Testing

extension Site {
    /// トークン発行結果確認画面 for an authenticator app, at the end of the tour and for a customer
    /// of its own: the random bytes its token takes then move no other screen's golden HTML.
    func renderAuthenticatorScreens(language: String?) async throws -> [String: WebResponse] {
        _ = try await SeededCustomer.create(bank, loginID: "sato01", nameKanji: "佐藤 一郎", nameKana: "ｻﾄｳ ｲﾁﾛｳ", deposit: "1")
        let browser = browser()
        if let language { browser.setCookie("kyoei_lang", language) }
        #expect(try await browser.logIn("sato01").location == "/menu")
        let form = try await browser.get("/otp/issue")
        let issued = try await browser.post("/otp/issue", form: [
            ("_csrf", try #require(form.csrf)), ("token_kind", "authenticator"), ("mobile_email", "sato.mobile@example.jp"),
            ("confirmation_password", SeededCustomer.confirmationPassword),
        ])
        #expect(issued.location == "/otp/issue/done")
        return ["otp_issued_authenticator": try await browser.get("/otp/issue/done")]
    }
}
