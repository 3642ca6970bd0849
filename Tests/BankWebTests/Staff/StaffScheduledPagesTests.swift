import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import HTTPTypes
import Testing

/// 予約中の振込 in the back office over HTTP: the list linked from the home screen, its
/// filters (a bad date beside its field), the booking's page, 取消の申請 by the clerk (reason
/// required), approval by a different 役席 (the customer's booking ends 取消済 and a mail goes),
/// the 監査 role read-only, and the form gone once the bank's cut-off has passed.
@Suite struct StaffScheduledPagesTests {
    func book(_ site: Site, amount: String, day: String) async throws -> String {
        let browser = site.browser()
        try await browser.logIn()
        let confirmed = try await ScheduledTransferPagesTests().submit(site, browser, amount: amount, day: day)
        let executed = try await site.execute(browser, nonce: try #require(confirmed.confirmationNonce))
        return try #require(executed.receptionNumber)
    }

    func bookingID(_ site: Site, _ reception: String) async throws -> Int64 {
        try await site.bank.database.read { db in try #require(try await TransferRecords.findByReception(db, reception)).id }
    }

    @Test func listRequestApproveAndTheCustomerIsMailed() async throws {
        try await withTransferSite { site in
            let reception = try await book(site, amount: "1000", day: ScheduledTransferPagesTests.friday)
            let other = try await book(site, amount: "2000", day: "2026-12-01")
            let id = try await bookingID(site, reception)
            let desk = try await StaffRequestPagesTests.Desk.open(site)

            let home = try await desk.clerk.get("/staff")
            #expect(home.body.contains(#"<a class="menu-button" href="/staff/scheduled" id="menu-scheduled">予約中の振込</a>"#))
            let list = try await desk.clerk.get("/staff/scheduled")
            #expect(list.status == .ok)
            #expect(list.body.contains(#"<tr id="scheduled-\#(reception)" data-status="scheduled">"#))
            #expect(list.body.contains(#"<tr id="scheduled-\#(other)" data-status="scheduled">"#))
            #expect(list.body.contains("2026年11月27日（金）") && list.body.contains("2026-11-27 00:00"))
            // 顧客詳細 leads to the customer's bookings.
            let customerPage = try await desk.clerk.get("/staff/customers/\(site.customerID)")
            let ownPath = "/staff/scheduled?login_id=\(Site.loginID)"
            #expect(customerPage.body.contains(#"href="\#(ownPath)" id="link-scheduled""#))
            let own = try await desk.clerk.get(ownPath)
            #expect(own.body.contains("scheduled-\(reception)") && own.body.contains(#"value="\#(Site.loginID)""#))
            let filtered = try await desk.clerk.get("/staff/scheduled?from=2026-11-30&to=&login_id=")
            #expect(!filtered.body.contains("scheduled-\(reception)") && filtered.body.contains("scheduled-\(other)"))
            let bad = try await desk.clerk.get("/staff/scheduled?from=2026-11-30&to=2026-11-01&login_id=")
            #expect(bad.status == .badRequest)
            #expect(bad.body.contains(#"<small class="field-error" id="to-error">振込指定日（終了）は、振込指定日（開始）以降の日付を入力してください。</small>"#))
            #expect(!bad.body.contains("scheduled-\(other)"))

            let detail = try await desk.clerk.get("/staff/scheduled/\(id)")
            #expect(detail.body.contains(#"<dd id="booking-status">予約中</dd>"#))
            #expect(detail.body.contains(#"<label for="reason">申請理由</label>"#))
            let empty = try await desk.clerk.post("/staff/scheduled/\(id)/cancel", form: [("_csrf", try #require(detail.csrf)), ("reason", " ")])
            #expect(empty.status == .badRequest && empty.body.contains(#"id="reason-error""#))
            #expect(try await site.bank.database.read { db in try await AccessRequestRecords.countPending(db) } == 0, "nothing queued")
            let made = try await desk.clerk.post("/staff/scheduled/\(id)/cancel",
                                                 form: [("_csrf", try #require(detail.csrf)), ("reason", "お客様来店・取消依頼")])
            let requestPath = String(try #require(made.location).prefix { $0 != "?" })
            #expect(requestPath.hasPrefix("/staff/requests/"))
            let pending = try await desk.clerk.get("/staff/scheduled/\(id)")
            #expect(pending.body.contains(#"id="booking-request-pending""#) && !pending.body.contains(#"id="scheduled-cancel-form""#))

            let request = try await desk.chief.get(requestPath)
            #expect(request.body.contains("予約振込の取消（受付番号 \(reception)）"))
            let approved = try await desk.chief.post(requestPath + "/approve", form: [("_csrf", try #require(request.csrf)), ("note", "")])
            #expect(approved.location == requestPath + "?decided=approve")
            let after = try await desk.clerk.get("/staff/scheduled/\(id)")
            #expect(after.body.contains(#"<dd id="booking-status">取消済</dd>"#) && !after.body.contains(#"id="scheduled-cancel-form""#))
            #expect(!(try await desk.clerk.get("/staff/scheduled")).body.contains("scheduled-\(reception)"))
            #expect(try await site.outbox(kind: "transfer_scheduled_cancelled_by_bank").count == 1)
            let customer = site.browser()
            try await customer.logIn()
            let seen = try await customer.get("/history/transfers/\(reception)")
            #expect(seen.body.contains(#"<dd id="transfer-status">取消済（当組合による取消）</dd>"#))
            #expect(!seen.body.contains(#"id="scheduled-cancel-form""#))
        }
    }

    @Test func theAuditorReadsOnlyAndTheFormEndsAtTheCutOff() async throws {
        try await withTransferSite { site in
            let reception = try await book(site, amount: "1000", day: ScheduledTransferPagesTests.friday)
            let id = try await bookingID(site, reception)
            let auditorEnrollment = try await site.enrollStaff("audit01", name: "監査 三郎", role: .auditor)
            let (auditor, _) = try await site.staffBrowser(auditorEnrollment)
            let page = try await auditor.get("/staff/scheduled/\(id)")
            #expect(page.status == .ok && !page.body.contains(#"id="scheduled-cancel-form""#))
            let refused = try await auditor.post("/staff/scheduled/\(id)/cancel", form: [("_csrf", try #require(page.csrf)), ("reason", "x")])
            #expect(refused.status == .forbidden)
            #expect(try await site.audit(event: "access_requested").contains { $0.result == .refused && $0.actor == "staff:audit01" })

            // 23:59 the day before: the form is there; sent after 00:00 of the day it is refused.
            let friday = JapanTime.Day(iso: ScheduledTransferPagesTests.friday)!.start
            site.clock.set(friday.addingTimeInterval(-120))
            let (clerk, _) = try await site.staffBrowser()
            let open = try await clerk.get("/staff/scheduled/\(id)")
            #expect(open.body.contains(#"id="scheduled-cancel-form""#))
            site.clock.set(friday.addingTimeInterval(30))
            let late = try await clerk.post("/staff/scheduled/\(id)/cancel", form: [("_csrf", try #require(open.csrf)), ("reason", "取消依頼")])
            #expect(late.status == .conflict)
            expectErrorList(late, "振込指定日の処理開始時刻を過ぎたため、この予約振込は当組合でも取り消せません。")
            #expect(!late.body.contains(#"id="scheduled-cancel-form""#))
            let unknown = try await clerk.get("/staff/scheduled/99999")
            #expect(unknown.status == .notFound)
            let noToken = try await clerk.post("/staff/scheduled/\(id)/cancel", form: [("reason", "x")])
            #expect(noToken.status == .forbidden)
        }
    }
}
