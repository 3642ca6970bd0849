import BankTestSupport
import Foundation
import Testing

extension Site {
    /// 通知設定 and its result (login notices turned off).
    func renderNotificationScreens(_ browser: Browser) async throws -> [String: WebResponse] {
        var rendered: [String: WebResponse] = [:]
        let form = try await browser.get("/settings/notifications")
        rendered["notification_settings"] = form
        let changed = try await browser.post("/settings/notifications", form: [
            ("_csrf", try #require(form.csrf)), ("login_notice", "off"), ("confirmation_password", SeededCustomer.confirmationPassword)])
        #expect(changed.location == "/settings/notifications/done?login_notice=off")
        rendered["notification_settings_done"] = try await browser.get("/settings/notifications/done?login_notice=off")
        return rendered
    }

    static let notificationMarkers = [
        "notification_settings": #"id="notification-settings-form""#,
        "notification_settings_done": "ログインのお知らせを「受け取らない」に変更しました。",
    ]
}
