import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// The notices a takeover would want to avoid, to the registered PC address: a new 利用者登録
/// payee (where stolen money is paid out) and a token issued to a mobile address. Numbers
/// and addresses are masked, as in the 振込受付 mail.
@Suite struct CustomerNoticeMailTests {
    @Test func addingAPayeeMailsTheRegisteredAddress() async throws {
        try await withTransferSite { site in
            let target = try await site.payeeAccount()
            let browser = site.browser()
            try await browser.logIn()
            // A wrong 確認用パスワード registers nothing and mails nothing.
            _ = try await site.addPayee(browser, branchCode: target.branchCode, accountNumber: target.accountNumber,
                                        holderName: "", confirmation: "wrong-password")
            #expect(try await site.outbox(kind: "payee_added").isEmpty)

            let added = try await site.addPayee(browser, branchCode: target.branchCode, accountNumber: target.accountNumber,
                                                holderName: "")
            #expect(added.status == .seeOther)
            let mails = try await site.outbox(kind: "payee_added")
            #expect(mails.count == 1)
            let mail = try #require(mails.first)
            #expect(mail.recipients == ["tanaka01@example.jp"])
            #expect(decodedSubject(mail).hasPrefix("【きょうえい】振込・振替先登録のお知らせ"))
            let body = try decodedBody(mail)
            let masked = "****" + target.accountNumber.suffix(3)
            #expect(body.contains("登録した振込先: 協栄信用組合 本店 普通 \(masked) \(Payee.nameKana)"))
            #expect(body.contains("Payee: 2999 001 ordinary \(masked) \(Payee.nameKana)"))
            #expect(!body.contains(target.accountNumber), "never the whole account number")
        }
    }

    @Test func issuingATokenAlsoMailsTheRegisteredAddress() async throws {
        try await withSite { site in
            let browser = site.browser()
            try await browser.logIn()
            #expect(try await site.issueToken(browser).location == "/otp/issue/done")
            #expect(try await site.outbox(kind: "otp_token_issued").first?.recipients == [Site.mobile])
            let notices = try await site.outbox(kind: "otp_token_issued_notice")
            #expect(notices.count == 1)
            let notice = try #require(notices.first)
            #expect(notice.recipients == ["tanaka01@example.jp"], "the PC address, not the new mobile one")
            #expect(decodedSubject(notice).hasPrefix("【きょうえい】ワンタイムパスワード トークン発行のお知らせ"))
            let body = try decodedBody(notice)
            #expect(body.contains("携帯電話のメールアドレス ha****@example.jp 宛に発行しました。"))
            #expect(body.contains("A one-time password token was issued to the mobile address ha****@example.jp."))
            #expect(!body.contains(Site.mobile), "the mobile address is masked")
            let token = try #require(try await site.liveToken())
            #expect(!body.contains(token.userID), "the user ID goes to the mobile address only")
        }
    }
}
