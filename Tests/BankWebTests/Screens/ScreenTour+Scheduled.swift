import BankStore
import BankTestSupport
import Foundation
import Testing

extension Site {
    /// The back office's 予約中の振込 and one booking with its 取消 request form: the customer
    /// books a 予約振込 first (in the tour's customer browser), then a clerk looks.
    func renderScheduledScreens(_ browser: Browser, language: String?) async throws -> [String: WebResponse] {
        let confirmed = try await ScheduledTransferPagesTests().submit(self, browser, amount: "1000", day: ScheduledTransferPagesTests.friday)
        let executed = try await execute(browser, nonce: try #require(confirmed.confirmationNonce))
        let reception = try #require(executed.receptionNumber)
        let id = try await bank.database.read { db in try #require(try await TransferRecords.findByReception(db, reception)).id }
        let enrollment = try await enrollStaff("sched01")
        let staff = self.browser()
        if let language { staff.setCookie("kyoei_lang", language) }
        try await staffLogIn(staff, enrollment)
        return ["staff_scheduled": try await staff.get("/staff/scheduled"),
                "staff_scheduled_booking": try await staff.get("/staff/scheduled/\(id)")]
    }

    static let scheduledMarkers = [
        "staff_scheduled": #"id="scheduled-transfers""#, "staff_scheduled_booking": #"id="scheduled-cancel-form""#,
    ]
}
