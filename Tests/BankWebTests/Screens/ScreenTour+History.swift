import BankTestSupport
import Foundation
import Testing

extension Site {
    /// ログイン履歴 (and the history screens after it), after the transfer screens so that the
    /// histories have rows to show.
    func renderHistoryScreens(_ browser: Browser) async throws -> [String: WebResponse] {
        var rendered: [String: WebResponse] = [:]
        rendered["login_history"] = try await browser.get("/history/logins")
        let history = try await browser.get("/history/transfers")
        rendered["transfer_history"] = history
        let detail = try #require(history.firstCapture(#"href="(/history/transfers/[^"]+)""#))
        rendered["transfer_history_detail"] = try await browser.get(detail)
        return rendered
    }
}
