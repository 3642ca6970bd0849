import BankTestSupport
import Foundation
import Testing

extension Site {
    /// メールアドレス変更: the form (the mail password on the PC address, from the transfer
    /// screens), the "link sent" screen, then the link's page in a browser that is not signed
    /// in, its result, and the refusal a second confirmation gets.
    func renderMailAddressScreens(_ browser: Browser) async throws -> [String: WebResponse] {
        var rendered: [String: WebResponse] = [:]
        let form = try await browser.get("/settings/mail-address")
        rendered["mail_address"] = form
        let sent = try await browser.post("/settings/mail-address", form: [
            ("_csrf", try #require(form.csrf)), ("kind", "pc"), ("new_address", "hanako.new@example.jp"),
            ("new_address_again", "hanako.new@example.jp"), ("confirmation_password", SeededCustomer.confirmationPassword)])
        #expect(sent.location == "/settings/mail-address/sent")
        rendered["mail_address_sent"] = try await browser.get("/settings/mail-address/sent")
        let path = try await mailedConfirmationPath()
        let phone = self.browser()
        phone.setCookie("kyoei_lang", browser.cookie("kyoei_lang"))
        let confirm = try await phone.get(path)
        rendered["mail_address_confirm"] = confirm
        let form2 = [("_csrf", try #require(confirm.csrf)), ("token", try #require(confirm.firstCapture(#"name="token" value="([0-9a-f]{64})""#)))]
        rendered["mail_address_confirmed"] = try await phone.post("/settings/mail-address/confirm", form: form2)
        rendered["mail_address_link_refused"] = try await phone.post("/settings/mail-address/confirm", form: form2)
        return rendered
    }

    /// The link's path and query in the newest confirmation mail, as the customer's mail program shows it.
    func mailedConfirmationPath() async throws -> String {
        let mail = try #require(try await outbox(kind: "mail_address_confirm").first)
        let match = try #require(try TestMail.body(mail).firstMatch(of: /http:\/\/[^\/\s]+(\/settings\/mail-address\/confirm\?token=[0-9a-f]{64})/))
        return String(match.1)
    }
}

extension Site {
    /// What shows that each メールアドレス変更 screen is the right one (PagesTests).
    static let mailAddressMarkers = [
        "mail_address": #"id="mail-address-form""#, "mail_address_sent": #"id="sent-message""#,
        "mail_address_confirm": #"id="mail-address-confirm-form""#, "mail_address_confirmed": #"id="result-message""#,
        "mail_address_link_refused": "このURLは使用済みです。",
    ]
}
