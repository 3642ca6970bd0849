import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Testing

/// 監査ログ (screen and CSV) and 補償判定資料: filtered right, refusals named, reading audited.
@Suite struct StaffRecordsPagesTests {
    @Test func auditLogFiltersByCustomerStaffEventAndDate() async throws {
        try await withTransferSite { site in
            try await site.browser().logIn()
            try await site.browser().logIn(Payee.loginID, Payee.loginPassword)
            let (browser, _) = try await site.staffBrowser()

            let all = try await browser.get("/staff/audit")
            #expect(all.status == .ok)
            #expect(all.body.contains(#"<label for="staff_id">職員ID</label>"#))
            #expect(all.body.contains(#"<option value="ログイン" data-event="login"></option>"#))
            #expect(all.body.contains(#"href="/staff/audit.csv" class="secondary-link" id="audit-csv""#))
            #expect(all.tableRows(id: "audit-rows").first?[1] == "職員ログイン", "newest first")

            let tanaka = try await browser.get("/staff/audit?login_id=tanaka01")
            let rows = tanaka.tableRows(id: "audit-rows")
            #expect(!rows.isEmpty)
            #expect(rows.allSatisfy { $0[4] == String(site.customerID) || $0[5] == "tanaka01" })
            #expect(!tanaka.body.contains("suzuki02"))
            #expect(tanaka.body.contains(#"value="tanaka01""#), "the filter stays in the form")
            #expect(tanaka.body.contains(#"href="/staff/audit.csv?login_id=tanaka01""#))

            let byCustomer = try await browser.get("/staff/audit?customer_id=\(site.customerID)&event=login")
            #expect(byCustomer.allCaptures(#"class="audit-row" data-event="([a-z_]+)""#).map { $0[0] } == ["login"])
            let byStaff = try await browser.get("/staff/audit?staff_id=CLERK01")
            let staffRows = byStaff.tableRows(id: "audit-rows")
            #expect(!staffRows.isEmpty && staffRows.allSatisfy { $0[3] == "職員 clerk01" })

            #expect(try await browser.get("/staff/audit?from=2026-11-25&to=2026-11-25").tableRows(id: "audit-rows").count > 3)
            let tomorrow = try await browser.get("/staff/audit?from=2026-11-26")
            #expect(tomorrow.body.contains(#"<p id="audit-empty">条件に合う記録はありません。</p>"#))
            #expect(try await browser.get("/staff/audit?to=2026-11-24").tableRows(id: "audit-rows").isEmpty)

            let badDate = try await browser.get("/staff/audit?from=2026-13-01")
            #expect(badDate.status == .badRequest)
            expectErrorList(badDate, "開始日を正しく入力してください")
            let badOrder = try await browser.get("/staff/audit?from=2026-11-25&to=2026-11-01")
            #expect(badOrder.status == .badRequest)
            expectErrorList(badOrder, "照会開始日には照会終了日以前の日付を指定してください。")
            #expect(try await browser.get("/staff/audit?customer_id=abc").status == .badRequest)
            #expect(try await browser.get("/staff/audit?event=drop%20table").status == .badRequest)

            let reads = try await site.staffAudit(event: "staff_view").filter { $0.detail.hasPrefix("audit_log") }
            #expect(reads.count >= 6, "every read of the trail is itself in the trail")
            #expect(reads.contains { $0.loginID == "tanaka01" })
        }
    }

    @Test func auditCSVDownloadsTheFilteredRows() async throws {
        try await withSite { site in
            try await site.browser().logIn()
            let (browser, _) = try await site.staffBrowser()
            let csv = try await browser.get("/staff/audit.csv?login_id=tanaka01&event=login")
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            let disposition = try #require(csv.headers[.contentDisposition])
            #expect(disposition.hasPrefix(#"attachment; filename="kyoei-audit-20261125"#) && disposition.hasSuffix(#".csv""#))
            #expect(csv.headers[.cacheControl] == "no-store")
            #expect(csv.body.hasPrefix("\u{FEFF}id,at_jst,event,result,actor,customer_id,login_id,ip,user_agent,"))
            let lines = csv.body.split(separator: "\r\n")
            #expect(lines.count == 2, "header and the one login")
            #expect(lines.last?.contains(",login,success,customer,\(site.customer.customer.id),") == true)
            #expect(lines.last?.contains(Site.userAgent) == true)
            let export = try await site.staffAudit(event: "staff_view").first
            #expect(export?.detail.hasPrefix("audit_csv") == true)

            let bad = try await browser.get("/staff/audit.csv?to=someday")
            #expect(bad.status == .badRequest)
            #expect(bad.headers[.contentType] == "text/html; charset=utf-8")
            #expect(bad.body.contains("終了日を正しく入力してください"))
            #expect(try await site.browser().get("/staff/audit.csv").location == "/staff/login", "no download without a login")
        }
    }

    @Test func compensationReportForACustomerAndForATransfer() async throws {
        try await withSite { site in
            let customer = site.browser()
            try await customer.logIn()
            let (nonce, _) = try await site.prepare(customer, destination: "own:\(site.customer.savings.id)", amount: "1000")
            #expect(try await site.execute(customer, nonce: nonce).status == .seeOther)
            let transfer = try #require(try await site.transfers().first)
            let (browser, _) = try await site.staffBrowser()

            let form = try await browser.get("/staff/compensation")
            #expect(form.status == .ok)
            #expect(form.body.contains(#"id="compensation-form""#) && form.body.contains(#"<label for="transfer">受付番号</label>"#))
            #expect(!form.body.contains(#"id="compensation-report""#))

            let report = try await browser.get("/staff/compensation?customer_id=\(site.customerID)")
            #expect(report.status == .ok)
            #expect(report.body.contains(#"<dd id="report-login-id">tanaka01</dd>"#))
            #expect(report.body.contains(#"<dd id="report-generated-by">clerk01</dd>"#))
            #expect(report.body.contains(#"<dd id="report-period">2026-10-25 00:00:00 〜 2026-11-25 23:59:59</dd>"#),
                    "the last month by default, both days whole")
            #expect(report.body.contains(#"id="notice-sentence">\#(CompensationAssessment.noticeSentence)<cite>"#),
                    "the notice's own words")
            let entries = report.tableRows(id: "compensation-entries")
            #expect(entries.count == 2, "the login and the transfer")
            #expect(entries.first?[1] == "ログイン" && entries.first?[7] == "ログインパスワード")
            #expect(entries.first?[5] == Site.userAgent)
            #expect(entries.last?[1] == "振込・振替")
            #expect(entries.last?[7].contains("確認用パスワード") == true, "what was presented")
            #expect(entries.allSatisfy { $0[8].hasPrefix("減額される場合あり") })
            #expect(entries.last?[9].contains(transfer.receptionNumber) == true)

            for key in [transfer.receptionNumber, String(transfer.id)] {
                let byTransfer = try await browser.get("/staff/compensation?transfer=\(key)")
                #expect(byTransfer.status == .ok, "\(key)")
                #expect(byTransfer.body.contains(#"<dd id="report-reception-number">\#(transfer.receptionNumber)</dd>"#))
                #expect(byTransfer.body.contains(#"<dd id="report-period">2026-11-25 09:00:00 〜 2026-11-25 10:00:00</dd>"#),
                        "the session's longest life before the transfer")
                #expect(byTransfer.tableRows(id: "compensation-entries").last?[1] == "振込・振替")
            }
            let views = try await site.staffAudit(event: "staff_view").filter { $0.detail.hasPrefix("compensation_report") }
            #expect(views.count == 3 && views.allSatisfy { $0.customerID == site.customerID })

            let unknown = try await browser.get("/staff/compensation?transfer=20990101-000000")
            #expect(unknown.status == .notFound)
            expectErrorList(unknown, "指定された振込・振替は見つかりません。")
            let malformed = try await browser.get("/staff/compensation?transfer=abc")
            #expect(malformed.status == .badRequest)
            expectErrorList(malformed, "受付番号を正しく入力してください")
            let nobody = try await browser.get("/staff/compensation?customer_id=999999")
            #expect(nobody.status == .notFound)
            expectErrorList(nobody, StaffText.customerNotFound)
            let backwards = try await browser.get("/staff/compensation?customer_id=\(site.customerID)&from=2026-11-25&to=2026-11-01")
            #expect(backwards.status == .badRequest)
        }
    }

    @Test func theReportPrintsWithoutNavigation() async throws {
        try await withSite { site in
            let css = try await site.browser().get("/static/app.css")
            let print = try #require(css.body.range(of: "@media print {\n  body.staff"))
            let rule = css.body[print.lowerBound...]
            #expect(rule.contains(".staff-header, .staff-nav, body.staff .site-footer, .no-print, .staff-links, .errors { display: none; }"))
            let (browser, _) = try await site.staffBrowser()
            let report = try await browser.get("/staff/compensation?customer_id=\(site.customer.customer.id)")
            #expect(report.body.contains(#"class="panel no-print" id="compensation-form""#))
            #expect(report.body.contains(#"<nav class="staff-nav""#))
            #expect(report.body.contains(#"<article class="report" id="compensation-report">"#))
        }
    }
}
