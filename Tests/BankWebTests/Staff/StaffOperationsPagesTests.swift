import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import SQLKit
import Testing

/// メール送信状況, 他行振込 and 元帳検証 over HTTP: lists and filters, the POST forms and each
/// refusal (wrong role, no CSRF token, wrong status, unknown id, bad input) with nothing changed.
@Suite struct StaffOperationsPagesTests {
    enum Message {
        static let forbidden = "この操作を行う権限がありません。"
        static let alreadyQueued = "このメールはすでに送信待ちです。"
        static let secretErased = "本文を消去済みで、再送できません。"
        static let mailNotFound = "指定されたメールは見つかりません。"
        static let alreadySent = "この振込はすでに送信済です。"
        static let alreadyReturned = "この振込はすでに返却済です。"
        static let reason = "返却理由を200文字以内の1行で入力してください。"
        static let transferNotFound = "指定された振込・振替は見つかりません。"
    }

    @Test func mailScreenListsWithoutBodiesAndRetriesAFailedMail() async throws {
        try await withSite { site in
            let plain = try await site.failedMail()
            let secret = try await site.failedMail(secret: true)
            let (browser, _) = try await site.staffBrowser()
            let list = try await browser.get("/staff/mail")
            #expect(list.status == .ok)
            #expect(!list.body.contains("SECRET-BODY") && !list.body.contains("本文ひみつ"), "never a body")
            let rows = list.tableRows(id: "mail-rows")
            #expect(rows.map { $0[0] } == [String(secret), String(plain)], "newest first")
            #expect(rows[1][4] == "振込受付のお知らせ" && rows[1][5] == "送信失敗" && rows[1][7] == "permanent: 550 no such user")
            #expect(rows[0][4] == "（秘密情報を含むため消去済み）")
            #expect(list.body.contains(#"id="retry-\#(plain)""#) && !list.body.contains(#"id="retry-\#(secret)""#))
            #expect(list.body.contains(#"id="filter-failed""#) && list.body.contains("送信失敗（2）"))
            #expect(try await browser.get("/staff/mail?status=sent").body.contains(#"<p id="mail-empty">"#))
            let token = try #require(list.csrf)

            let noToken = try await browser.post("/staff/mail/\(plain)/retry", form: [("status", "failed")])
            #expect(noToken.status == .forbidden)
            #expect(try await site.mail(plain).status == .failed, "nothing changed without the token")

            let retried = try await browser.post("/staff/mail/\(plain)/retry", form: [("_csrf", token), ("status", "failed")])
            #expect(retried.status == .seeOther && retried.location == "/staff/mail?done=retried&id=\(plain)")
            let afterRetry = try await browser.get(try #require(retried.location))
            #expect(afterRetry.body.contains("メール（番号 \(plain)）を送信待ちに戻しました。"))
            #expect(afterRetry.body.contains(#"id="mail-\#(plain)" data-status="queued""#), "shown among every status")
            #expect(try await site.mail(plain).status == .queued)
            let audit = try #require(try await site.staffAudit(event: "mail_retry").first)
            #expect(audit.result == .success && audit.userAgent == Site.userAgent)

            let twice = try await browser.post("/staff/mail/\(plain)/retry", form: [("_csrf", token)])
            #expect(twice.status == .conflict)
            expectErrorList(twice, Message.alreadyQueued)
            let erased = try await browser.post("/staff/mail/\(secret)/retry", form: [("_csrf", token)])
            #expect(erased.status == .conflict)
            expectErrorList(erased, Message.secretErased)
            #expect(try await site.mail(secret).status == .failed)
            let unknown = try await browser.post("/staff/mail/999999/retry", form: [("_csrf", token)])
            #expect(unknown.status == .notFound)
            expectErrorList(unknown, Message.mailNotFound)
            #expect(try await browser.post("/staff/mail/abc/retry", form: [("_csrf", token)]).status == .notFound)

            let another = try await site.failedMail()
            let all = try await browser.post("/staff/mail/retry-failed", form: [("_csrf", token)])
            #expect(all.location == "/staff/mail?done=retried_all&count=1&left=1")
            let after = try await browser.get(try #require(all.location))
            #expect(after.body.contains("送信失敗のメール 1件を送信待ちに戻しました。"))
            #expect(after.body.contains("本文を消去済みのメール 1件は再送できません。"))
            #expect(try await site.mail(another).status == .queued)
            #expect(try await site.mail(secret).status == .failed)
        }
    }

    @Test func auditorReadsEveryScreenButEveryPostIsRefused() async throws {
        try await withTransferSite { site in
            let transfer = try await site.otherBankTransfer()
            let mailID = try await site.failedMail()
            let auditor = try await site.enrollStaff("audit01", name: "監査 三郎", role: .auditor)
            let (browser, _) = try await site.staffBrowser(auditor)
            for path in ["/staff/mail", "/staff/interbank", "/staff/ledger"] {
                let page = try await browser.get(path)
                #expect(page.status == .ok, "\(path)")
                #expect(!page.body.contains(#"<button type="submit" class="secondary""#), "\(path): no change buttons")
            }
            #expect(try await browser.get("/staff/mail").body.contains(#"id="read-only""#))
            let token = try await browser.staffToken()
            let balance = try await site.balance(site.customer.ordinary.id)

            for (path, form) in [("/staff/mail/\(mailID)/retry", [("_csrf", token)]),
                                 ("/staff/mail/retry-failed", [("_csrf", token)]),
                                 ("/staff/interbank/\(transfer.id)/sent", [("_csrf", token)]),
                                 ("/staff/interbank/\(transfer.id)/return", [("_csrf", token), ("reason", "口座なし")])] {
                let refused = try await browser.post(path, form: form)
                #expect(refused.status == .forbidden, "\(path)")
                expectErrorList(refused, Message.forbidden)
            }
            #expect(try await site.mail(mailID).status == .failed)
            #expect(try await site.transfer(transfer.id).status == .accepted)
            #expect(try await site.balance(site.customer.ordinary.id) == balance)
            let refusals = try await site.staffAudit(event: "interbank_returned", staffID: "audit01")
            #expect(refusals.count == 1 && refusals[0].result == .refused && refusals[0].userAgent == Site.userAgent)
        }
    }

    @Test func interbankQueueMarksSentAndReturnsOnce() async throws {
        try await withTransferSite { site in
            let transfer = try await site.otherBankTransfer(amount: "10000")
            let account = site.customer.ordinary.id
            #expect(try await site.balance(account) == 100_000 - 10_000 - 330)
            let (browser, _) = try await site.staffBrowser()
            let accepted = try await browser.get("/staff/interbank?status=accepted")
            let row = try #require(accepted.tableRows(id: "interbank-rows").first)
            #expect(row[0] == transfer.receptionNumber && row[2].hasPrefix("tanaka01") && row[2].hasSuffix("田中 花子"))
            #expect(row[3].contains("架空サンプル銀行（0998）") && row[3].contains("ｶｸｳ ｼﾞﾛｳ"))
            #expect(row[4] == "10,000円" && row[5] == "330円" && row[6] == "受付済")
            #expect(accepted.body.contains(#"<label for="reason-\#(transfer.id)">返却理由</label>"#))
            #expect(accepted.body.contains("受付済（1）"))
            let token = try #require(accepted.csrf)

            #expect(try await browser.post("/staff/interbank/\(transfer.id)/sent", form: []).status == .forbidden)
            #expect(try await site.transfer(transfer.id).status == .accepted)

            let sent = try await browser.post("/staff/interbank/\(transfer.id)/sent", form: [("_csrf", token), ("status", "accepted")])
            #expect(sent.location == "/staff/interbank?status=accepted&done=sent&reception=\(transfer.receptionNumber)")
            #expect(try await browser.get(try #require(sent.location)).body.contains("受付番号 \(transfer.receptionNumber) の振込を送信済にしました。"))
            let sentTwice = try await browser.post("/staff/interbank/\(transfer.id)/sent", form: [("_csrf", token), ("status", "accepted")])
            #expect(sentTwice.status == .conflict)
            expectErrorList(sentTwice, Message.alreadySent)
            #expect(sentTwice.tableRows(id: "interbank-rows").first?[6] == "送信済", "shown as it is now")

            let noReason = try await browser.post("/staff/interbank/\(transfer.id)/return", form: [("_csrf", token), ("reason", "  ")])
            #expect(noReason.status == .badRequest)
            expectErrorList(noReason, Message.reason)
            #expect(noReason.body.contains(#"id="reason-error-\#(transfer.id)""#))
            let tooLong = String(repeating: "長", count: 201)
            let long = try await browser.post("/staff/interbank/\(transfer.id)/return", form: [("_csrf", token), ("reason", tooLong)])
            #expect(long.status == .badRequest && long.body.contains(#"value="\#(tooLong)""#), "what was typed stays")
            #expect(try await site.balance(account) == 100_000 - 10_330)

            let returned = try await browser.post("/staff/interbank/\(transfer.id)/return",
                                                  form: [("_csrf", token), ("reason", "受取人口座なし")])
            #expect(returned.location == "/staff/interbank?status=returned&done=returned&reception=\(transfer.receptionNumber)&amount=10000")
            let done = try await browser.get(try #require(returned.location))
            #expect(done.body.contains("10,000円をお客様の口座へ戻し"))
            #expect(done.tableRows(id: "interbank-rows").first?[8] == "受取人口座なし")
            #expect(try await site.balance(account) == 100_000 - 330, "the amount back, the fee kept")

            let again = try await browser.post("/staff/interbank/\(transfer.id)/return", form: [("_csrf", token), ("reason", "受取人口座なし")])
            #expect(again.status == .conflict)
            expectErrorList(again, Message.alreadyReturned)
            #expect(again.tableRows(id: "interbank-rows").first?[6] == "返却済")
            #expect(try await site.balance(account) == 100_000 - 330, "credited once")
            let returnedMails = try await site.bank.database.read { db in try await OutboxRecords.list(db, limit: 100) }
                .filter { $0.kind == "transfer_returned" }
            #expect(returnedMails.count == 1)

            let unknown = try await browser.post("/staff/interbank/999999/return", form: [("_csrf", token), ("reason", "誤り")])
            #expect(unknown.status == .notFound)
            expectErrorList(unknown, Message.transferNotFound)
            #expect(try await site.bank.ledger.verify().isConsistent)
        }
    }

    @Test func ledgerShowsTotalsAndEveryProblem() async throws {
        try await withTransferSite { site in
            _ = try await site.otherBankTransfer(amount: "10000")
            let (browser, _) = try await site.staffBrowser()
            let ok = try await browser.get("/staff/ledger")
            #expect(ok.status == .ok && ok.body.contains(#"id="ledger-ok""#))
            let types = ok.tableRows(id: "ledger-customer-totals")
            #expect(types.map { $0.first ?? "" } == ["普通", "当座", "貯蓄", "3"], "普通/当座/貯蓄 then the total row (3 accounts)")
            #expect(types[0] == ["普通", "2", "89,670円"] && types[1] == ["当座", "0", "0円"] && types[2] == ["貯蓄", "1", "0円"])
            let ownAccounts = ok.tableRows(id: "ledger-internal-totals")
            #expect(ownAccounts.contains(["現金", "001-9000001", "-100,000円"]))
            #expect(ownAccounts.contains(["他行為替決済（他行振込の未決済）", "001-9000002", "10,000円"]))
            #expect(ownAccounts.contains(["受入手数料", "001-9000003", "330円"]))
            #expect(ok.body.contains("総合計（0になります）: <strong>0円</strong>"))
            #expect(try await site.staffAudit(event: "staff_view").first?.detail == "ledger_verify consistent=true total=0")

            let tampered = site.customer.savings.id
            try await site.bank.database.transaction { db in
                try await db.raw("UPDATE accounts SET balance = 500 WHERE id = \(bind: tampered)").run()
            }
            let ng = try await browser.get("/staff/ledger")
            #expect(ng.body.contains(#"id="ledger-ng""#) && !ng.body.contains(#"id="ledger-ok""#))
            let mismatch = try #require(ng.tableRows(id: "ledger-mismatched").first)
            #expect(mismatch[0].hasPrefix("ID \(tampered)（002-") && mismatch[1] == "500円" && mismatch[2] == "0円")
            #expect(ng.body.contains("総合計（0になります）: <strong>500円</strong>"))
        }
    }

    /// What PagesTests checks of every template, for these three on their own.
    @Test func operationsScreensRenderWholePages() async throws {
        try await withSite { site in
            let (browser, _) = try await site.staffBrowser()
            for (name, page) in try await site.renderOperationsScreens(browser) {
                #expect(page.status == .ok, "\(name)")
                #expect(page.body.hasPrefix("<!DOCTYPE html>") && page.body.contains("<h1>"), "\(name)")
                #expect(page.body.contains(#"<footer class="site-footer">"#) && !page.body.contains("{{"), "\(name)")
                #expect(page.body.contains(try #require(Site.staffMarkers[name])), "\(name)")
                #expect(page.body.contains(#"id="nav-mail""#) && page.body.contains(#"id="nav-ledger""#), "\(name)")
            }
        }
    }

    @Test func everyScreenInEnglish() async throws {
        try await withTransferSite { site in
            _ = try await site.otherBankTransfer()
            _ = try await site.failedMail()
            let (browser, _) = try await site.staffBrowser()
            browser.setCookie("kyoei_lang", "en")
            for path in ["/staff/mail", "/staff/interbank", "/staff/ledger"] {
                let page = try await browser.get(path)
                #expect(page.body.contains(#"<html lang="en">"#), "\(path)")
                for key in ["staff_mail_", "staff_interbank_", "staff_ledger_", "staff_rows_", "error."] {
                    #expect(!page.body.contains(key), "\(path) shows the key \(key)")
                }
            }
            #expect(try await browser.get("/staff/interbank").body.contains(">Mark sent</button>"))
            #expect(try await browser.get("/staff/ledger").body.contains("Grand total (always zero)"))
        }
    }
}

extension Site {
    /// The three operations screens once each, for the test that renders every template.
    func renderOperationsScreens(_ browser: Browser) async throws -> [String: WebResponse] {
        ["staff_mail": try await browser.get("/staff/mail"), "staff_interbank": try await browser.get("/staff/interbank"),
         "staff_ledger": try await browser.get("/staff/ledger")]
    }

    /// A transfer to 架空サンプル銀行 (the demo directory) from the seeded customer's ordinary account.
    func otherBankTransfer(amount: String = "10000") async throws -> TransferView {
        let cookie = String(repeating: "ab", count: 32)
        let confirmation = try await bank.transfers.prepare(
            by: .customer(id: customerID), sessionCookie: cookie, sourceAccountID: customer.ordinary.id,
            choice: .other(bankCode: "0998", branchCode: "100", accountType: "ordinary", accountNumber: "7654321",
                           holderName: "ｶｸｳ ｼﾞﾛｳ"), amount: amount)
        return try await bank.transfers.execute(
            by: .customer(id: customerID), sessionCookie: cookie, nonce: confirmation.nonce,
            confirmationPassword: SeededCustomer.confirmationPassword, mailPassword: "", session: [.loginPassword],
            client: ClientInfo(ip: "192.0.2.5", userAgent: Site.userAgent)).transfer
    }

    /// A mail the relay refused for good, as the delivery worker records it (a secret one blanked).
    func failedMail(secret: Bool = false) async throws -> Int64 {
        let now = clock.now()
        return try await bank.database.transaction { db in
            let id = try await OutboxRecords.enqueue(db, NewOutboxMail(
                messageID: "<\(UUID().uuidString)@example.jp>", kind: secret ? "mail_password" : "transfer_accepted",
                customerID: customerID, fromAddress: "bank@example.jp", recipients: ["tanaka01@example.jp"],
                data: "Subject: =?UTF-8?B?\(Data("振込受付のお知らせ".utf8).base64EncodedString())?=\r\n\r\nSECRET-BODY 本文ひみつ",
                containsSecret: secret), at: now)
            try await db.raw("""
                UPDATE mail_outbox SET status = 'failed', attempts = 1, last_error = 'permanent: 550 no such user',
                       data = CASE WHEN contains_secret = 1 THEN '' ELSE data END
                 WHERE id = \(bind: id)
                """).run()
            return id
        }
    }

    func mail(_ id: Int64) async throws -> OutboxMail {
        try #require(try await bank.database.read { db in try await OutboxRecords.find(db, id: id) })
    }

    func transfer(_ id: Int64) async throws -> TransferRecord {
        try #require(try await bank.database.read { db in try await TransferRecords.find(db, id: id) })
    }
}
