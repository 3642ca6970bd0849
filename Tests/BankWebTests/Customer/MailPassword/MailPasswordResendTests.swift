import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import HTTPTypes
import Testing

/// A 確認画面 asking for a メール通知パスワード the customer cannot have (a stale 金額入力 URL,
/// a password voided by a newer one) is never shown: the 確認画面 offers to send one (a POST
/// with the CSRF token), which voids any earlier one, and asks for it once it is mailed.
@Suite struct MailPasswordResendTests {
    static let missingNotice = #"id="mail-password-missing""#
    static let sendButton = #"id="mail-password-resend-button">メール通知パスワードを送信</button>"#
    static let resendButton = #"id="mail-password-resend-button">メール通知パスワードを再送</button>"#

    /// Logged in with the mail password on, a 利用者登録 payee, and a 確認画面 reached through a
    /// 金額入力 URL opened directly (nothing was mailed in this session).
    static func staleConfirmation(_ site: Site) async throws -> (Browser, nonce: String, payee: PayeeRecord) {
        let payee = try await site.payeeCustomerAsPayee()
        let browser = try await MailPasswordTransferTests.loggedInWithMailPassword(site)
        let amountPage = try await browser.get("/transfer/amount?source=\(site.customer.ordinary.id)&to=customer:\(payee.id)")
        #expect(amountPage.status == .ok)
        let nonce = try #require(try await site.submitAmount(browser, on: amountPage, amount: "1000").confirmationNonce)
        return (browser, nonce, payee)
    }

    @Test func aStaleAmountURLLeadsToAConfirmationThatOffersToSendThePassword() async throws {
        try await withTransferSite { site in
            let (browser, nonce, _) = try await Self.staleConfirmation(site)
            #expect(try await site.outbox(kind: "mail_password").isEmpty)
            let page = try await browser.get("/transfer/confirm?nonce=\(nonce)")
            #expect(page.status == .ok)
            #expect(!page.body.contains(TransferText.mailPasswordField), "no field the customer cannot fill")
            #expect(!page.hasForm(action: "/transfer/execute"))
            #expect(page.body.contains(Self.missingNotice) && page.body.contains(Self.sendButton))
            #expect(page.hiddenFields(action: "/transfer/mail-password").contains { $0 == ("nonce", nonce) })

            let sent = try await browser.post("/transfer/mail-password", form: page.hiddenFields(action: "/transfer/mail-password"))
            #expect(sent.status == .seeOther)
            #expect(sent.location == "/transfer/confirm?nonce=\(nonce)&sent=1")
            let mail = try #require(try await site.outbox(kind: "mail_password").first)
            #expect(mail.recipients == ["tanaka01@example.jp"] && mail.containsSecret)
            #expect(try await site.audit(event: "mail_password_issued").first?.detail.contains("reason=resend") == true)

            let asking = try await browser.get(try #require(sent.location))
            #expect(asking.body.contains("メール通知パスワードを tanaka01@example.jp 宛に送信しました。"))
            #expect(asking.fieldNames(action: "/transfer/execute").contains("mail_password"))
            #expect(asking.body.contains(Self.resendButton), "再送 stays offered for a mail that does not arrive")
            #expect(!asking.body.contains(Self.missingNotice))
            // A reload of the notice mails nothing more.
            _ = try await browser.get(try #require(sent.location))
            #expect(try await site.outbox(kind: "mail_password").count == 1)

            let paid = try await site.execute(browser, nonce: nonce, mailPassword: try await site.mailedPassword())
            #expect(paid.receptionNumber != nil)
        }
    }

    @Test func resendVoidsTheEarlierPassword() async throws {
        try await withTransferSite { site in
            let payee = try await site.payeeCustomerAsPayee()
            let browser = try await MailPasswordTransferTests.loggedInWithMailPassword(site)
            let (nonce, page) = try await site.prepare(browser, destination: "customer:\(payee.id)", amount: "1000")
            let first = try await site.mailedPassword()
            #expect(page.body.contains(Self.resendButton) && page.body.contains(TransferText.mailPasswordField))
            let resent = try await browser.post("/transfer/mail-password", form: page.hiddenFields(action: "/transfer/mail-password"))
            #expect(resent.status == .seeOther)
            let second = try await site.mailedPassword()
            #expect(first != second)
            #expect(try await site.outbox(kind: "mail_password").count == 2)
            let old = try await site.execute(browser, nonce: nonce, mailPassword: first)
            #expect(old.status == .badRequest)
            expectErrorList(old, MailPasswordText.incorrect)
            #expect(try await site.execute(browser, nonce: nonce, mailPassword: second).receptionNumber != nil)
        }
    }

    @Test func resendNeedsTheSessionsTokenAndALiveConfirmation() async throws {
        try await withTransferSite { site in
            let (browser, nonce, _) = try await Self.staleConfirmation(site)
            let forged = try await browser.post("/transfer/mail-password", form: [("_csrf", String(repeating: "0", count: 64)),
                                                                                  ("nonce", nonce)])
            #expect(forged.status == .forbidden)
            let unknown = try await browser.post("/transfer/mail-password", form: [("_csrf", try await browser.sessionToken()),
                                                                                   ("nonce", "nosuchnonce")])
            #expect(unknown.status == .gone)
            #expect(unknown.body.contains(TransferText.expired))
            #expect(try await site.outbox(kind: "mail_password").isEmpty, "nothing mailed on a refusal")
            // Another session cannot have a password mailed for this 確認画面.
            let other = site.browser()
            try await other.logIn()
            let stolen = try await other.post("/transfer/mail-password", form: [("_csrf", try await other.sessionToken()),
                                                                                ("nonce", nonce)])
            #expect(stolen.status == .gone)
            #expect(try await site.outbox(kind: "mail_password").isEmpty)
        }
    }

    @Test func aPasswordForAnotherDestinationIsNotAskedFor() async throws {
        try await withTransferSite { site in
            let payee = try await site.payeeCustomerAsPayee()
            let browser = try await MailPasswordTransferTests.loggedInWithMailPassword(site)
            let (nonce, _) = try await site.prepare(browser, destination: "customer:\(payee.id)", amount: "1000")
            // 他口座 chosen since: its password replaced the payee's.
            _ = try await site.submitOther(browser, bankCode: "0998", branchCode: "201", accountNumber: "1234567",
                                           holderName: "ﾔﾏﾀﾞ ﾀﾛｳ")
            let page = try await browser.get("/transfer/confirm?nonce=\(nonce)")
            #expect(!page.body.contains(TransferText.mailPasswordField))
            #expect(page.body.contains(Self.missingNotice) && page.body.contains(Self.sendButton))
        }
    }
}
