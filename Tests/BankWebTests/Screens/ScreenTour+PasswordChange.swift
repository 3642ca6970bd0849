import BankTestSupport
import Foundation
import Testing

extension Site {
    /// ログインパスワード変更 and its result, last in the tour: the change ends the customer's
    /// other sessions and writes audit rows, which no earlier screen should show.
    func renderPasswordChangeScreens(_ browser: Browser) async throws -> [String: WebResponse] {
        var rendered: [String: WebResponse] = [:]
        let form = try await browser.get("/settings/login-password")
        rendered["password_change"] = form
        let changed = try await browser.post("/settings/login-password", form: [
            ("_csrf", try #require(form.csrf)), ("current_password", SeededCustomer.loginPassword),
            ("new_password", "Atarashii2026login"), ("new_password_again", "Atarashii2026login")])
        #expect(changed.location == "/settings/login-password/done")
        rendered["password_change_done"] = try await browser.get("/settings/login-password/done")
        return rendered
    }
}
