import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import HTTPTypes
import Testing

/// 他口座への振込・振替: an account typed by hand, at another bank (accepted, settled by the
/// interbank batch) or in this bank (the ledger's holder name is shown back).
@Suite struct TransferOtherAccountTests {
    @Test func accountAtAnotherBankIsAcceptedForTheInterbankBatch() async throws {
        try await withTransferSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let ordinary = site.customer.ordinary
            let button = try await site.select(browser, source: ordinary.id, action: "other")
            #expect(button.location == "/transfer/other?source=\(ordinary.id)")
            let form = try await browser.get(try #require(button.location))
            #expect(form.body.contains("他口座への振込・振替"))
            #expect(form.fieldNames(action: "/transfer/other")
                .starts(with: ["_csrf", "source", "bank_code", "branch_code", "account_number", "holder_name"]))
            #expect(form.body.contains(#"<option value="ordinary" selected>普通</option>"#))

            // Full-width digits and katakana, as a Japanese keyboard types them.
            let amountPage = try await site.submitOther(browser, bankCode: "０９９８", branchCode: "201",
                                                        accountNumber: "１２３４５６７", holderName: "ヤマダ　タロウ")
            #expect(amountPage.status == .ok, "the 金額入力 screen at once")
            #expect(amountPage.body.contains("金額入力"))
            #expect(amountPage.body.contains(#"<dd id="destination-bank">架空サンプル銀行（0998）</dd>"#))
            #expect(amountPage.body.contains(#"<dd id="destination-branch">駅前支店（201）</dd>"#))
            #expect(amountPage.body.contains(#"<dd id="destination-holder">ﾔﾏﾀﾞ ﾀﾛｳ</dd>"#))
            let hidden = Dictionary(amountPage.hiddenFields(action: "/transfer/confirm"), uniquingKeysWith: { first, _ in first })
            #expect(hidden["to"] == "other" && hidden["source"] == String(ordinary.id))
            #expect(hidden["bank_code"] == "０９９８" && hidden["holder_name"] == "ヤマダ　タロウ")

            let confirmed = try await site.submitAmount(browser, on: amountPage, amount: "30000")
            let nonce = try #require(confirmed.confirmationNonce)
            let page = try await browser.get(try #require(confirmed.location))
            #expect(page.body.contains(#"<td class="num" id="fee">550円</td>"#), "他行宛 from 30,000円")
            #expect(page.body.contains(#"<td class="num" id="total">30,550円</td>"#))
            #expect(page.body.contains(#"id="settles-later""#))
            #expect(page.body.contains(#"<dd id="destination-number">1234567</dd>"#))

            let executed = try await site.execute(browser, nonce: nonce)
            let reception = try #require(executed.receptionNumber)
            let result = try await browser.get(try #require(executed.location))
            #expect(result.body.contains(#"<dd id="transfer-status">受付済</dd>"#))
            #expect(result.body.contains(TransferText.accepted))
            #expect(result.body.contains(#"<dd id="destination-bank">架空サンプル銀行（0998）</dd>"#))

            #expect(try await site.balance(ordinary.id) == 100_000 - 30_550)
            #expect(try await site.internalBalance("interbank_clearing") == 30_000)
            #expect(try await site.internalBalance("fee_income") == 550)
            let transfer = try #require(try await site.transfers().first)
            #expect(transfer.receptionNumber == reception && transfer.status == .accepted && transfer.route.rawValue == "other_bank")
            #expect(transfer.bankCode == "0998" && transfer.branchCode == "201" && transfer.accountNumber == "1234567")
            #expect(transfer.holderName == "ﾔﾏﾀﾞ ﾀﾛｳ" && transfer.destinationAccountID == nil && transfer.destinationKind.rawValue == "other")
            #expect(try await site.bank.interbank.list(status: .accepted).map(\.id) == [transfer.id])
            let mail = try decodedBody(try #require(try await site.outbox(kind: "transfer_accepted").first))
            #expect(mail.contains("架空サンプル銀行 駅前支店 普通 ****567 ﾔﾏﾀﾞ ﾀﾛｳ"))
            #expect(mail.contains("受付済"))
            #expect(try await site.outbox(kind: "mail_password").isEmpty, "the mail password is off")
        }
    }

    @Test func accountInThisBankShowsTheLedgersHolderName() async throws {
        try await withTransferSite { site in
            let target = try await site.payeeAccount()
            let browser = site.browser()
            try await browser.logIn()
            // A name that is not the holder's: the ledger's name is what is paid to, shown beside the
            // typed one, and 実行 needs the customer's tick (TransferRecipientTests has the refusal).
            let amountPage = try await site.submitOther(browser, bankCode: "2999", branchCode: "001",
                                                        accountNumber: target.accountNumber, holderName: "ﾃｷﾄｳ ﾅﾏｴ")
            #expect(amountPage.status == .ok)
            #expect(amountPage.body.contains(#"<dd id="destination-holder">\#(Payee.nameKana)</dd>"#))
            #expect(amountPage.body.contains(#"<dd id="destination-bank">協栄信用組合（2999）</dd>"#))
            let nonce = try #require(try await site.submitAmount(browser, on: amountPage, amount: "12345").confirmationNonce)
            let page = try await browser.get("/transfer/confirm?nonce=\(nonce)")
            #expect(page.body.contains(#"<dd id="destination-holder">\#(Payee.nameKana)</dd>"#))
            #expect(page.body.contains(#"<dd id="destination-typed-holder">ﾃｷﾄｳ ﾅﾏｴ</dd>"#))
            #expect(page.body.contains(#"<td class="num" id="fee">0円</td>"#), "同一店内宛 is free")
            #expect(!page.body.contains(#"id="settles-later""#))
            let executed = try await browser.post("/transfer/execute", form: [
                ("_csrf", try await browser.sessionToken()), ("nonce", nonce),
                ("confirmation_password", SeededCustomer.confirmationPassword), ("holder_confirmed", "1"),
            ])
            #expect(executed.receptionNumber != nil)
            #expect(try await site.balance(target.id) == 12_345, "settled at once")
            let transfer = try #require(try await site.transfers().first)
            #expect(transfer.status == .completed && transfer.destinationAccountID == target.id && transfer.holderName == Payee.nameKana)

            // The name may be left empty for an account in this bank.
            let blank = try await site.submitOther(browser, bankCode: "2999", branchCode: "001",
                                                   accountNumber: target.accountNumber, holderName: "")
            #expect(blank.status == .ok)
            #expect(blank.body.contains(#"<dd id="destination-holder">\#(Payee.nameKana)</dd>"#))
        }
    }

    @Test func unknownOrMalformedDestinationsAreRefusedWithFieldMessagesAndNothingWritten() async throws {
        try await withTransferSite { site in
            let target = try await site.payeeAccount()
            let browser = site.browser()
            try await browser.logIn()
            let mails = try await site.mailCount()

            let unknownBank = try await site.submitOther(browser, bankCode: "0001", branchCode: "001", accountNumber: "1234567",
                                                         holderName: "ﾔﾏﾀﾞ ﾀﾛｳ")
            #expect(unknownBank.status == .badRequest)
            expectFieldError(unknownBank, "bank_code", "この金融機関コードの金融機関は見つかりません。")
            expectErrorList(unknownBank, "この金融機関コードの金融機関は見つかりません。")
            #expect(unknownBank.body.contains(#"name="bank_code" value="0001""#), "what was typed is shown again")

            let unknownBranch = try await site.submitOther(browser, bankCode: "0998", branchCode: "999", accountNumber: "1234567",
                                                           holderName: "ﾔﾏﾀﾞ ﾀﾛｳ")
            #expect(unknownBranch.status == .badRequest)
            expectFieldError(unknownBranch, "branch_code", "この支店コードの支店は見つかりません。")

            let noAccount = try await site.submitOther(browser, bankCode: "2999", branchCode: "001", accountNumber: "7654321",
                                                       holderName: "")
            #expect(noAccount.status == .badRequest)
            expectFieldError(noAccount, "account_number", "指定された口座は見つかりません。")
            let wrongType = try await site.submitOther(browser, bankCode: "2999", branchCode: "001", accountType: "savings",
                                                       accountNumber: target.accountNumber, holderName: "")
            expectFieldError(wrongType, "account_number", "指定された口座は見つかりません。")

            let malformed = try await site.submitOther(browser, bankCode: "12", branchCode: "ab", accountType: "",
                                                       accountNumber: "12", holderName: "Yamada!")
            #expect(malformed.status == .badRequest)
            expectFieldError(malformed, "bank_code", "金融機関コードは4桁の数字で入力してください。")
            expectFieldError(malformed, "branch_code", "3桁の数字で入力してください。")
            expectFieldError(malformed, "account_type", "科目を選択してください。")
            expectFieldError(malformed, "account_number", "口座番号は7桁の数字で入力してください。")
            expectFieldError(malformed, "holder_name", "受取人名に使用できない文字が含まれています")
            #expect(malformed.body.contains(#"name="holder_name" value="Yamada!""#))
            let empty = try await site.submitOther(browser, bankCode: "", branchCode: "", accountNumber: "", holderName: "")
            expectFieldError(empty, "bank_code", "金融機関コードを入力してください。")
            expectFieldError(empty, "holder_name", "受取人名を入力してください。")

            #expect(try await site.transfers().isEmpty)
            #expect(try await site.confirmationCount() == 0)
            #expect(try await site.mailCount() == mails)
            #expect(try await site.balance(site.customer.ordinary.id) == 100_000)
        }
    }
}
