import BankTestSupport
import Foundation
import Testing

extension Site {
    /// 振込限度額変更 with a raise waiting (so the screen shows it with 取消), its result screen,
    /// and the back office's list of waiting raises.
    func renderTransferLimitScreens(_ browser: Browser, language: String?) async throws -> [String: WebResponse] {
        var rendered: [String: WebResponse] = [:]
        let form = try await browser.get("/settings/transfer-limit")
        let password = ("confirmation_password", SeededCustomer.confirmationPassword)
        // Lowered first, so that the raise stays under the ceiling with or without an extra factor.
        let lowered = try await browser.post("/settings/transfer-limit", form: [("_csrf", try #require(form.csrf)), ("amount", "100000"), password])
        #expect(lowered.location == "/settings/transfer-limit/done?done=lowered")
        let raised = try await browser.post("/settings/transfer-limit", form: [
            ("_csrf", try #require(form.csrf)), ("amount", "150000"), password])
        #expect(raised.location == "/settings/transfer-limit/done?done=raised")
        rendered["transfer_limit_done"] = try await browser.get("/settings/transfer-limit/done?done=raised")
        rendered["transfer_limit"] = try await browser.get("/settings/transfer-limit")
        let enrollment = try await enrollStaff("limits01")
        let staff = self.browser()
        if let language { staff.setCookie("kyoei_lang", language) }
        try await staffLogIn(staff, enrollment)
        rendered["staff_limit_raises"] = try await staff.get("/staff/limit-raises")
        return rendered
    }

    static let transferLimitMarkers = [
        "transfer_limit": #"id="transfer-limit-form""#, "transfer_limit_done": #"id="back-to-limit""#,
        "staff_limit_raises": #"id="limit-raises""#,
    ]
}
