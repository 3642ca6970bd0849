import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// 全銀ファイルを作成 on 他行振込: the answer is the file itself, its transfers become 送信済,
/// a second press with nothing waiting makes no file, and 再出力 gives the same file again.
@Suite struct StaffInterbankExportPagesTests {
    @Test func theButtonDownloadsTheFileAndMarksTheTransfersSent() async throws {
        try await withTransferSite { site in
            let transfer = try await site.otherBankTransfer(amount: "10000")
            let (browser, _) = try await site.staffBrowser()
            let page = try await browser.get("/staff/interbank")
            #expect(page.body.contains(#"<label for="export-date">受付日</label>"#))
            #expect(page.body.contains(#"id="export-date" name="date" value="2026-11-25""#))
            #expect(!page.body.contains(#"id="zengin-files""#), "no file made yet")
            let token = try #require(page.csrf)

            #expect(try await browser.post("/staff/interbank/export", form: [("date", "2026-11-25")]).status == .forbidden)
            let bad = try await browser.post("/staff/interbank/export", form: [("_csrf", token), ("date", "2026-13-40")])
            #expect(bad.status == .badRequest && bad.body.contains("日付を正しく入力してください"))
            #expect(try await site.transfer(transfer.id).status == .accepted)

            let file = try await browser.post("/staff/interbank/export", form: [("_csrf", token), ("date", "2026-11-25")])
            #expect(file.status == .ok)
            #expect(file.headers[.contentType] == "application/octet-stream")
            #expect(file.headers[.contentDisposition] == #"attachment; filename="SOGOFURI_2999_20261125_01.dat""#)
            #expect(file.body.hasPrefix("1210"))
            #expect(try await site.transfer(transfer.id).status == .sent)
            let made = try await site.bank.interbank.files(by: .operator(name: "test"))
            #expect(made.map(\.name) == ["SOGOFURI_2999_20261125_01.dat"] && made[0].createdBy == "clerk01")

            let nothing = try await browser.post("/staff/interbank/export", form: [("_csrf", token), ("date", "2026-11-25")])
            #expect(nothing.location == "/staff/interbank?done=nothing")
            let after = try await browser.get("/staff/interbank?done=nothing")
            #expect(after.body.contains("全銀ファイルに載せる受付済の他行振込はありません。"))
            #expect(after.body.contains(#"data-name="SOGOFURI_2999_20261125_01.dat""#))
            #expect(try await site.bank.interbank.files(by: .operator(name: "test")).count == 1)

            let again = try await browser.post("/staff/interbank/reexport", form: [("_csrf", token), ("file", "SOGOFURI_2999_20261125_01.dat")])
            #expect(again.status == .ok && again.body == file.body)
            let unknown = try await browser.post("/staff/interbank/reexport", form: [("_csrf", token), ("file", "NONE.dat")])
            #expect(unknown.status == .badRequest && unknown.body.contains("その名前の全銀ファイルはありません。"))
            #expect(try await site.staffAudit(event: "interbank_file_reexported", staffID: "clerk01").count == 1)
            #expect(try await site.staffAudit(event: "interbank_exported", staffID: "clerk01").count == 1)
        }
    }

    @Test func anAuditorSeesTheFilesButCannotMakeOne() async throws {
        try await withTransferSite { site in
            _ = try await site.otherBankTransfer(amount: "10000")
            let auditor = try await site.enrollStaff("audit01", name: "監査 三郎", role: .auditor)
            let (browser, _) = try await site.staffBrowser(auditor)
            let page = try await browser.get("/staff/interbank")
            #expect(!page.body.contains(#"id="export-form""#))
            let token = try #require(page.csrf)
            let refused = try await browser.post("/staff/interbank/export", form: [("_csrf", token), ("date", "2026-11-25")])
            #expect(refused.status == .forbidden)
            #expect(try await site.bank.interbank.files(by: .operator(name: "test")).isEmpty)
        }
    }
}
