import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import HTTPTypes
import Testing

enum TransferText {
    static let completed = "振込・振替が完了しました。"
    static let accepted = "お振込みを受け付けました。"
    static let expired = "確認画面の有効期限が切れたか、この確認画面はすでに使われています。"
    static let wrongConfirmation = "確認用パスワードが正しくありません。"
    static let notFound = "指定された振込・振替は見つかりません。"
    static let accountRefused = "指定された口座はお取り扱いできません。"
    static let mailPasswordField = #"name="mail_password""#
}

/// 振込・振替 through the screens, from the menu to the 振込・振替結果, with the ledger,
/// the transfer row, the mail and the audit trail checked behind every step.
@Suite struct TransferFlowTests {
    @Test func ownAccountTransferFromMenuToResult() async throws {
        try await withTransferSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let menu = try await browser.get("/menu")
            #expect(menu.body.contains(#"href="/transfer" id="menu-transfer">振込・振替</a>"#))
            #expect(menu.body.contains(#"href="/payees" id="menu-payees">振込・振替先一覧</a>"#))
            #expect(menu.body.contains(#"id="menu-mail-password">メール通知パスワード利用変更</a>"#))

            let (ordinary, savings) = (site.customer.ordinary, site.customer.savings)
            let screen = try await browser.get("/transfer")
            #expect(screen.status == .ok)
            for text in ["支払口座", "振込・振替先一覧(利用者登録)", "届出済み振込先", ">次へ</button>", ">他口座への振込・振替</button>",
                         #"<span id="daily-limit">1,000,000円</span>"#, #"<span id="remaining-limit">1,000,000円</span>"#] {
                #expect(screen.body.contains(text), "振込・振替 shows \(text)")
            }
            #expect(screen.body.contains(#"value="own:\#(savings.id)""#))
            #expect(screen.fieldNames(action: "/transfer/select").contains("source"))

            // 次へ with one's own 貯蓄 account: straight to 金額入力, no mail.
            let selected = try await site.select(browser, source: ordinary.id, destination: "own:\(savings.id)")
            #expect(selected.status == .seeOther)
            #expect(selected.location == "/transfer/amount?source=\(ordinary.id)&to=own:\(savings.id)")
            let amountPage = try await browser.get(try #require(selected.location))
            #expect(amountPage.body.contains("金額入力"))
            #expect(amountPage.body.contains(#"<dd id="destination-branch">吉田支店（002）</dd>"#))
            #expect(amountPage.body.contains(#"<dd id="destination-number">\#(savings.accountNumber)</dd>"#))
            #expect(!amountPage.body.contains("mail-password-sent"))

            let confirmed = try await site.submitAmount(browser, on: amountPage, amount: "３０，０００")
            #expect(confirmed.status == .seeOther)
            let nonce = try #require(confirmed.confirmationNonce)
            let confirmPage = try await browser.get(try #require(confirmed.location))
            #expect(confirmPage.body.contains("振込・振替内容確認"))
            #expect(confirmPage.body.contains(#"<td class="num" id="amount">30,000円</td>"#))
            #expect(confirmPage.body.contains(#"<td class="num" id="fee">0円</td>"#), "moving money between one's own accounts is free")
            #expect(confirmPage.body.contains(#"<td class="num" id="total">30,000円</td>"#))
            #expect(confirmPage.hiddenFields(action: "/transfer/execute").contains { $0 == ("nonce", nonce) })
            #expect(confirmPage.body.contains(#"<label for="confirmation_password">確認用パスワード</label>"#))
            #expect(!confirmPage.body.contains(TransferText.mailPasswordField))
            #expect(try await site.balance(ordinary.id) == 100_000, "the 確認画面 moves nothing")

            let executed = try await site.execute(browser, nonce: nonce)
            #expect(executed.status == .seeOther)
            let reception = try #require(executed.receptionNumber)
            let result = try await browser.get(try #require(executed.location))
            #expect(result.status == .ok)
            #expect(result.body.contains("振込・振替結果"))
            #expect(result.body.contains(#"<dd id="reception-number">\#(reception)</dd>"#))
            #expect(result.body.contains(#"<dd id="transfer-status">完了</dd>"#))
            #expect(result.body.contains(TransferText.completed))
            #expect(result.body.contains(#"<td class="num" id="amount">30,000円</td>"#))

            #expect(try await site.balance(ordinary.id) == 70_000)
            #expect(try await site.balance(savings.id) == 30_000)
            let transfer = try #require(try await site.transfers().first)
            #expect(transfer.receptionNumber == reception)
            #expect(transfer.destinationKind.rawValue == "own" && transfer.status == .completed)
            #expect(transfer.amount == Yen(30_000) && transfer.fee == .zero)
            #expect(transfer.factors.presented.contains(.confirmationPassword))
            #expect(!transfer.factors.presented.contains(.mailPassword))
            #expect(transfer.userAgent == Site.userAgent)
            let mail = try #require(try await site.outbox(kind: "transfer_accepted").first)
            #expect(mail.recipients == ["tanaka01@example.jp"])
            #expect(decodedSubject(mail).hasPrefix("【きょうえい】振込受付のお知らせ"))
            let mailText = try decodedBody(mail)
            #expect(mailText.contains("振込・振替を受け付けました。"))
            #expect(mailText.contains("受付番号: \(reception)"))
            #expect(mailText.contains("金額: 30,000円"))
            #expect(mailText.contains("振込先: 協栄信用組合 吉田支店 貯蓄 ****\(savings.accountNumber.suffix(3)) ﾀﾅｶ ﾊﾅｺ"), "the destination is masked")
            #expect(try await site.outbox(kind: "mail_password").isEmpty)
            let audit = try #require(try await site.audit(event: "transfer").first)
            #expect(audit.result == .success)
            #expect(audit.detail.contains("reception=\(reception)") && audit.detail.contains("kind=own"))
            // Own-account 振替 do not count against the daily limit.
            #expect(try await browser.get("/transfer").body.contains(#"<span id="remaining-limit">1,000,000円</span>"#))
            // The statement shows the debit.
            let statement = try await browser.get("/statement?account=\(ordinary.id)")
            #expect(statement.statementRows.first?[2] == "30,000円")
        }
    }

    @Test func payeeAtAnotherBranchPaysTheFeeAndCreditsThePayeeAtOnce() async throws {
        try await withTransferSite { site in
            _ = try await site.bank.counter.post(.deposit, branch: "002", accountNumber: site.customer.savings.accountNumber,
                                               amount: "100000", by: .operator(name: "test"))
            let payee = try await site.payeeCustomerAsPayee()
            let target = try await site.payeeAccount()
            let browser = site.browser()
            try await browser.logIn()
            let screen = try await browser.get("/transfer")
            #expect(screen.body.contains(#"value="customer:\#(payee.id)""#))
            #expect(screen.body.contains(Payee.nameKana))

            // 吉田支店 → 本店: 本支店宛, 220円 from 30,000円, 110円 below.
            let (nonce, page) = try await site.prepare(browser, source: site.customer.savings.id, destination: "customer:\(payee.id)",
                                                       amount: "30000")
            #expect(page.body.contains(#"<td class="num" id="fee">220円</td>"#))
            #expect(page.body.contains(#"<td class="num" id="total">30,220円</td>"#))
            #expect(page.body.contains("本日の振込可能残額: 1,000,000円"))
            #expect(!page.body.contains(TransferText.mailPasswordField), "the mail password is off")
            let reception = try #require(try await site.execute(browser, nonce: nonce).receptionNumber)
            #expect(try await site.balance(site.customer.savings.id) == 100_000 - 30_220)
            #expect(try await site.balance(target.id) == 30_000)
            #expect(try await site.internalBalance("fee_income") == 220)
            let transfer = try #require(try await site.transfers().first)
            #expect(transfer.receptionNumber == reception && transfer.route.rawValue == "other_branch" && transfer.fee == Yen(220))
            #expect(transfer.destinationAccountID == target.id && transfer.payeeID == payee.id)

            let (below, belowPage) = try await site.prepare(browser, source: site.customer.savings.id,
                                                            destination: "customer:\(payee.id)", amount: "29999")
            #expect(belowPage.body.contains(#"<td class="num" id="fee">110円</td>"#))
            #expect(belowPage.body.contains("本日の振込可能残額: 970,000円"))
            #expect(try await site.execute(browser, nonce: below).receptionNumber != nil)
            #expect(try await site.balance(target.id) == 59_999)
            #expect(try await browser.get("/transfer").body.contains(#"<span id="remaining-limit">940,001円</span>"#))
            #expect(try await site.outbox(kind: "transfer_accepted").count == 2)
        }
    }

    @Test func wrongConfirmationPasswordKeepsTheConfirmationAndPaysNothing() async throws {
        try await withTransferSite { site in
            let payee = try await site.payeeCustomerAsPayee()
            let browser = site.browser()
            try await browser.logIn()
            let (nonce, _) = try await site.prepare(browser, destination: "customer:\(payee.id)", amount: "5000")
            let wrong = try await site.execute(browser, nonce: nonce, confirmation: "Wrong12345")
            #expect(wrong.status == .badRequest)
            expectErrorList(wrong, TransferText.wrongConfirmation)
            #expect(wrong.body.contains(#"<td class="num" id="amount">5,000円</td>"#), "the same 確認画面 again")
            #expect(wrong.hasForm(action: "/transfer/execute"))
            let empty = try await site.execute(browser, nonce: nonce, confirmation: "")
            expectErrorList(empty, "確認用パスワードを入力してください。")
            #expect(try await site.transfers().isEmpty)
            #expect(try await site.balance(site.customer.ordinary.id) == 100_000)
            #expect(try await site.credentialState(.confirmationPassword).failures == 1)
            #expect(try await site.audit(event: "confirmation_password").first?.result == .failure)
            #expect(try await site.execute(browser, nonce: nonce).receptionNumber != nil)
            #expect(try await site.credentialState(.confirmationPassword).failures == 0, "a success resets the count")
            #expect(try await site.balance(site.customer.ordinary.id) == 95_000)
        }
    }

    @Test func anotherCustomersResultIsNotFound() async throws {
        try await withTransferSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let (nonce, _) = try await site.prepare(browser, destination: "own:\(site.customer.savings.id)", amount: "1000")
            let reception = try #require(try await site.execute(browser, nonce: nonce).receptionNumber)
            let other = site.browser()
            #expect(try await other.logIn(Payee.loginID, Payee.loginPassword).location == "/menu")
            let peek = try await other.get("/transfer/done?no=\(reception)")
            #expect(peek.status == .notFound)
            #expect(peek.body.contains(TransferText.notFound))
            #expect(!peek.body.contains("1,000円") && !peek.body.contains(site.customer.savings.accountNumber))
            #expect(try await other.get("/transfer/done?no=").status == .notFound)
            #expect(try await other.get("/transfer/done?no=X%3Cscript%3E").status == .notFound)
            // Its own customer may read it again, as often as they like.
            #expect(try await browser.get("/transfer/done?no=\(reception)").status == .ok)
            #expect(try await site.transfers().count == 1)
        }
    }
}
