import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

extension Site {
    /// Every screen template once, each reached by the site's own links and forms as a person
    /// would: the template test (PagesTests) checks each renders a whole page, and the snapshot
    /// test (ScreenSnapshotTests) compares each with its golden HTML. Keyed by template name;
    /// `language` ("en") is the language cookie the browsers send (none: Japanese).
    func renderEveryScreen(language: String? = nil) async throws -> [String: WebResponse] {
        let browser = browser()
        if let language { browser.setCookie("kyoei_lang", language) }
        var rendered: [String: WebResponse] = ["login": try await browser.get("/login")]
        try await browser.logIn()
        rendered["menu"] = try await browser.get("/menu")
        rendered["balances"] = try await browser.get("/balances")
        rendered["statement"] = try await browser.get("/statement")
        rendered["error"] = try await browser.post("/logout", form: [])
        rendered["token_app"] = try await browser.get("/token-app")
        rendered["otp_menu"] = try await browser.get("/otp")
        rendered["otp_issue"] = try await browser.get("/otp/issue")
        let secret = try await issueAndProvision(browser)
        // Back to issued for the result page: issue again (replaces the provisioned token).
        try await issueToken(browser)
        rendered["otp_issued"] = try await browser.get("/otp/issue/done")
        let again = try #require(try await liveToken())
        #expect(try await provision(userID: again.userID).0 == .ok)
        let current = try #require(try await liveToken())
        let newSecret = try #require(try TestDatabases.secretKeys.open(current.secretSealed ?? "",
                                                                         associatedData: Array("otp-token:\(current.id)".utf8)))
        #expect(newSecret != secret)
        rendered["otp_activate"] = try await browser.get("/otp/activate")
        try await activate(browser, code: code(newSecret))
        rendered["otp_activated"] = try await browser.get("/otp/activate/done")
        try await browser.post("/logout", form: [("_csrf", try await browser.sessionToken())])
        clock.advance(by: 60)
        try await browser.logIn()
        rendered["login_otp"] = try await browser.get("/login/otp")
        try await submitLoginOTP(browser, code: code(newSecret))
        rendered["otp_deactivate"] = try await browser.get("/otp/deactivate")
        let deactivate = try await browser.post("/otp/deactivate", form: [
            ("_csrf", try await browser.sessionToken()), ("confirmation_password", SeededCustomer.confirmationPassword)])
        #expect(deactivate.location == "/otp/deactivate/done")
        rendered["otp_deactivated"] = try await browser.get("/otp/deactivate/done")
        rendered.merge(try await renderTransferScreens(browser)) { first, _ in first }
        rendered.merge(try await renderHistoryScreens(browser)) { first, _ in first }
        rendered.merge(try await renderStaffScreens(language: language)) { first, _ in first }
        rendered.merge(try await renderAuthenticatorScreens(language: language)) { first, _ in first }
        rendered.merge(try await renderNotificationScreens(browser)) { first, _ in first }
        rendered.merge(try await renderTransferLimitScreens(browser, language: language)) { first, _ in first }
        rendered.merge(try await renderPasswordChangeScreens(browser)) { first, _ in first }
        rendered.merge(try await renderMailAddressScreens(browser)) { first, _ in first }
        rendered.merge(try await renderScheduledScreens(browser, language: language)) { first, _ in first }
        // Last: it stores the demo bank/branch master, which no screen before should show.
        rendered.merge(try await renderBankSearchScreens(browser)) { first, _ in first }
        return rendered
    }

    /// Walks the payee, mail-password and transfer screens once, for the template test: each
    /// page is the one a customer reaches by the site's own links and forms.
    func renderTransferScreens(_ browser: Browser) async throws -> [String: WebResponse] {
        var rendered: [String: WebResponse] = [:]
        let payeeOwner = try await SeededCustomer.create(bank, loginID: "suzuki01", deposit: "1")
        let token = try await browser.sessionToken()
        let confirmation = ("confirmation_password", SeededCustomer.confirmationPassword)
        rendered["payee_new"] = try await browser.get("/payees/new")
        let added = try await browser.post("/payees/new", form: [
            ("_csrf", token), ("bank_code", "2999"), ("branch_code", "001"), ("account_type", "ordinary"),
            ("account_number", payeeOwner.ordinary.accountNumber), ("holder_name", ""), confirmation])
        #expect(added.location == "/payees?added=1")
        rendered["payees"] = try await browser.get("/payees?added=1")
        let payeeID = try #require(rendered["payees"]?.firstCapture(#"id="delete-payee-(\d+)""#))
        rendered["payee_delete"] = try await browser.get("/payees/\(payeeID)/delete")

        rendered["mail_password"] = try await browser.get("/mail-password")
        let enabled = try await browser.post("/mail-password", form: [
            ("_csrf", token), ("address", customer.customer.pcEmail), ("use", "on"), confirmation])
        #expect(enabled.location == "/mail-password/done?use=on")
        rendered["mail_password_done"] = try await browser.get("/mail-password/done?use=on")

        let source = String(customer.ordinary.id)
        rendered["transfer"] = try await browser.get("/transfer")
        let other = try await browser.post("/transfer/select", form: [("_csrf", token), ("source", source), ("action", "other")])
        #expect(other.location == "/transfer/other?source=\(source)")
        rendered["transfer_other"] = try await browser.get("/transfer/other?source=\(source)")
        // A 利用者登録 payee with the mail password on: mailed now, asked for on the 確認画面.
        let chosen = try await browser.post("/transfer/select", form: [
            ("_csrf", token), ("source", source), ("destination", "customer:\(payeeID)"), ("action", "next")])
        #expect(chosen.location == "/transfer/amount?source=\(source)&to=customer:\(payeeID)&sent=1")
        rendered["transfer_amount"] = try await browser.get(try #require(chosen.location))
        let prepared = try await browser.post("/transfer/confirm", form: [
            ("_csrf", token), ("source", source), ("to", "customer:\(payeeID)"), ("amount", "１，０００")])
        rendered["transfer_confirm"] = try await browser.get(try #require(prepared.location))
        #expect(rendered["transfer_confirm"]?.body.contains(#"id="mail_password""#) == true)
        // A 振替 to the customer's own account needs no mail password: on to the result.
        let own = "own:\(customer.savings.id)"
        _ = try await browser.post("/transfer/select", form: [("_csrf", token), ("source", source), ("destination", own), ("action", "next")])
        let ownPrepared = try await browser.post("/transfer/confirm", form: [
            ("_csrf", token), ("source", source), ("to", own), ("amount", "2000")])
        let nonce = try #require(ownPrepared.location?.components(separatedBy: "nonce=").last)
        let executed = try await browser.post("/transfer/execute", form: [("_csrf", token), ("nonce", nonce), confirmation])
        rendered["transfer_done"] = try await browser.get(try #require(executed.location))
        return rendered
    }
}
