import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import HTTPTypes
import Testing

enum MailPasswordText {
    static let incorrect = "メール通知パスワードが正しくありません。"
    static let notIssued = "有効なメール通知パスワードがありません"
    static let locked = "メール通知パスワードの誤入力が規定の回数を超えたため、ご利用を停止しています。"
    static let sent = "メール通知パスワードを tanaka01@example.jp 宛に送信しました。"
}

/// 振込・振替 with the メール通知パスワード on (notice 別紙2): mailed when a 利用者登録 payee or
/// 他口座 is chosen, asked on the 確認画面, valid until logout or the next one.
@Suite struct MailPasswordTransferTests {
    /// Turns the mail password on through its screen, logged in.
    static func loggedInWithMailPassword(_ site: Site) async throws -> Browser {
        let browser = site.browser()
        try await browser.logIn()
        #expect(try await site.setMailPassword(browser, use: true).location == "/mail-password/done?use=on")
        return browser
    }

    @Test func choosingARegisteredPayeeMailsThePasswordTheConfirmationAsksForIt() async throws {
        try await withTransferSite { site in
            let payee = try await site.payeeCustomerAsPayee()
            let target = try await site.payeeAccount()
            let browser = try await Self.loggedInWithMailPassword(site)
            let selected = try await site.select(browser, destination: "customer:\(payee.id)")
            #expect(selected.location == "/transfer/amount?source=\(site.customer.ordinary.id)&to=customer:\(payee.id)&sent=1")
            let mail = try #require(try await site.outbox(kind: "mail_password").first)
            #expect(mail.recipients == ["tanaka01@example.jp"] && mail.urgent && mail.containsSecret)
            #expect(decodedSubject(mail).hasPrefix("【きょうえい】メール通知パスワードのお知らせ"))
            let body = try decodedBody(mail)
            let masked = "****" + target.accountNumber.suffix(3)
            #expect(body.contains("振込先: 協栄信用組合 本店 普通 \(masked) \(Payee.nameKana)"))
            #expect(!body.contains(target.accountNumber), "the mail masks the account number")
            let password = try await site.mailedPassword()
            #expect(password.count == MailPassword.length)
            #expect(try await site.mailPasswordRecord()?.passwordHash.contains(password) == false, "stored as a keyed hash only")
            #expect(try await site.audit(event: "mail_password_issued").count == 1)

            let amountPage = try await browser.get(try #require(selected.location))
            #expect(amountPage.body.contains(MailPasswordText.sent))
            let nonce = try #require(try await site.submitAmount(browser, on: amountPage, amount: "8000").confirmationNonce)
            let confirmPage = try await browser.get("/transfer/confirm?nonce=\(nonce)")
            #expect(confirmPage.body.contains(#"<label for="mail_password">メール通知パスワード</label>"#))
            #expect(confirmPage.fieldNames(action: "/transfer/execute").contains("mail_password"))
            #expect(!confirmPage.body.contains(password), "the password is only in the mail")

            let missing = try await site.execute(browser, nonce: nonce, mailPassword: "")
            #expect(missing.status == .badRequest)
            expectErrorList(missing, "メール通知パスワードを入力してください。")
            for attempt in 1...2 {
                let wrong = try await site.execute(browser, nonce: nonce, mailPassword: "ACEFHKLMNP")
                #expect(wrong.status == .badRequest, "attempt \(attempt)")
                expectErrorList(wrong, MailPasswordText.incorrect)
                #expect(wrong.hasForm(action: "/transfer/execute"))
            }
            #expect(try await site.credentialState(.mailPassword).failures == 2)
            #expect(try await site.audit(event: "mail_password").first?.result == .failure)
            #expect(try await site.transfers().isEmpty)

            // Pasted from the mail with spaces and full-width letters: still the password.
            let fullWidth = String(password.unicodeScalars.map { Character(Unicode.Scalar($0.value + 0xFEE0)!) })
            let paid = try await site.execute(browser, nonce: nonce, mailPassword: " \(fullWidth) ")
            #expect(paid.receptionNumber != nil)
            #expect(try await site.balance(target.id) == 8_000)
            #expect(try await site.credentialState(.mailPassword).failures == 0)
            let transfer = try #require(try await site.transfers().first)
            #expect(transfer.factors.inForce.contains(.mailPassword) && transfer.factors.presented.contains(.mailPassword))
            #expect(try await site.mailPasswordRecord()?.spentAt != nil, "used once")
        }
    }

    @Test func logoutEndsThePasswordAndANewOneReplacesTheOld() async throws {
        try await withTransferSite { site in
            let payee = try await site.payeeCustomerAsPayee()
            var browser = try await Self.loggedInWithMailPassword(site)
            let (oldNonce, _) = try await site.prepare(browser, destination: "customer:\(payee.id)", amount: "1000")
            let first = try await site.mailedPassword()
            try await browser.post("/logout", form: [("_csrf", try await browser.sessionToken())])
            #expect(try await site.mailPasswordRecord() == nil, "logout voids it")

            browser = site.browser()
            try await browser.logIn()
            // The old 確認画面 belonged to the old session: start again.
            let old = try await site.execute(browser, nonce: oldNonce, mailPassword: first)
            #expect(old.status == .gone)
            #expect(old.body.contains(TransferText.expired))
            // Reaching the amount screen without choosing again mails nothing: the old password is refused.
            let amountPage = try await browser.get("/transfer/amount?source=\(site.customer.ordinary.id)&to=customer:\(payee.id)")
            let nonce = try #require(try await site.submitAmount(browser, on: amountPage, amount: "1000").confirmationNonce)
            let stale = try await site.execute(browser, nonce: nonce, mailPassword: first)
            #expect(stale.status == .badRequest)
            expectErrorList(stale, MailPasswordText.notIssued)

            // Choosing the payee mails a new one; choosing again replaces it.
            _ = try await site.prepare(browser, destination: "customer:\(payee.id)", amount: "1000")
            let second = try await site.mailedPassword()
            let (replacingNonce, _) = try await site.prepare(browser, destination: "customer:\(payee.id)", amount: "1000")
            let third = try await site.mailedPassword()
            #expect(Set([first, second, third]).count == 3)
            #expect(try await site.outbox(kind: "mail_password").count == 3)
            let replaced = try await site.execute(browser, nonce: replacingNonce, mailPassword: second)
            expectErrorList(replaced, MailPasswordText.incorrect)
            #expect(try await site.execute(browser, nonce: replacingNonce, mailPassword: third).receptionNumber != nil)
            #expect(try await site.mailPasswordRecord()?.spentAt != nil, "spent: the next transfer needs a new one")
            let (nextNonce, _) = try await site.prepare(browser, source: site.customer.ordinary.id,
                                                        destination: "own:\(site.customer.savings.id)", amount: "1")
            #expect(try await site.execute(browser, nonce: nextNonce).receptionNumber != nil, "own accounts need none")
            #expect(try await site.transfers().count == 2)
        }
    }

    @Test func fiveWrongPasswordsLockTransfersThatNeedIt() async throws {
        try await withTransferSite { site in
            let payee = try await site.payeeCustomerAsPayee()
            let browser = try await Self.loggedInWithMailPassword(site)
            let (nonce, _) = try await site.prepare(browser, destination: "customer:\(payee.id)", amount: "1000")
            let password = try await site.mailedPassword()
            for _ in 1...4 { expectErrorList(try await site.execute(browser, nonce: nonce, mailPassword: "ACEFHKLMNP"), MailPasswordText.incorrect) }
            let fifth = try await site.execute(browser, nonce: nonce, mailPassword: "ACEFHKLMNP")
            #expect(fifth.status == .forbidden)
            expectErrorList(fifth, MailPasswordText.locked)
            #expect(!fifth.hasForm(action: "/transfer/execute"))
            #expect(try await site.execute(browser, nonce: nonce, mailPassword: password).status == .forbidden, "even the right one")
            #expect(try await site.credentialState(.mailPassword).isLocked)
            #expect(try await site.credentialState(.confirmationPassword).failures == 0,
                    "the 確認用パスワード was right every time: wrong mail passwords do not count against it")
            #expect(try await site.audit(event: "credential_locked").first?.detail == "mail_password")
            #expect(try await browser.get("/transfer").body.contains(#"id="mail-password-locked""#))
            // No new password goes out while locked; 届出済み and own accounts still work.
            let mails = try await site.outbox(kind: "mail_password").count
            let refused = try await site.select(browser, destination: "customer:\(payee.id)")
            #expect(refused.status == .forbidden)
            #expect(try await site.outbox(kind: "mail_password").count == mails)
            #expect(try await site.transfers().isEmpty)
            let (own, _) = try await site.prepare(browser, destination: "own:\(site.customer.savings.id)", amount: "1000")
            #expect(try await site.execute(browser, nonce: own).receptionNumber != nil)
        }
    }

    @Test func noPasswordForBankRegisteredPayeesOrOwnAccountsButOneForTypedAccounts() async throws {
        try await withTransferSite { site in
            let registered = try await site.payeeCustomerAsPayee(.bank)
            let target = try await site.payeeAccount()
            let browser = try await Self.loggedInWithMailPassword(site)
            // 届出済み振込先: no mail, no field (notice 別紙2 (注)).
            let bankPayee = try await site.select(browser, destination: "bank:\(registered.id)")
            #expect(bankPayee.location == "/transfer/amount?source=\(site.customer.ordinary.id)&to=bank:\(registered.id)")
            let (nonce, page) = try await site.prepare(browser, destination: "bank:\(registered.id)", amount: "2000")
            #expect(!page.body.contains(TransferText.mailPasswordField))
            #expect(try await site.execute(browser, nonce: nonce).receptionNumber != nil)
            #expect(try await site.balance(target.id) == 2_000)
            // Own accounts: none either.
            let (ownNonce, ownPage) = try await site.prepare(browser, destination: "own:\(site.customer.savings.id)", amount: "3000")
            #expect(!ownPage.body.contains(TransferText.mailPasswordField))
            #expect(try await site.execute(browser, nonce: ownNonce).receptionNumber != nil)
            #expect(try await site.outbox(kind: "mail_password").isEmpty)
            #expect(try await site.transfers().allSatisfy { !$0.factors.presented.contains(.mailPassword) })

            // 他口座への振込・振替: 次へ on the typed form mails one.
            #expect(try await browser.get("/transfer/other?source=\(site.customer.ordinary.id)").body.contains(#"id="mail-password-notice""#))
            let amountPage = try await site.submitOther(browser, bankCode: "0998", branchCode: "201", accountNumber: "1234567",
                                                        holderName: "ﾔﾏﾀﾞ ﾀﾛｳ")
            #expect(amountPage.body.contains(MailPasswordText.sent))
            let mail = try decodedBody(try #require(try await site.outbox(kind: "mail_password").first))
            #expect(mail.contains("架空サンプル銀行 駅前支店 普通 ****567 ﾔﾏﾀﾞ ﾀﾛｳ"))
            let typed = try #require(try await site.submitAmount(browser, on: amountPage, amount: "4000").confirmationNonce)
            let typedPage = try await browser.get("/transfer/confirm?nonce=\(typed)")
            #expect(typedPage.body.contains(TransferText.mailPasswordField))
            let paid = try await site.execute(browser, nonce: typed, mailPassword: try await site.mailedPassword())
            #expect(paid.receptionNumber != nil)
            #expect(try await site.transfers().first?.status == .accepted)
        }
    }
}
