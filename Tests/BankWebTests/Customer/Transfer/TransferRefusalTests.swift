import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import HTTPTypes
import Testing

/// Every refusal of a transfer: its message and status, and nothing paid.
@Suite struct TransferRefusalTests {
    @Test func overTheDailyLimitNamesWhatRemainsAndIsCheckedAgainAtExecution() async throws {
        try await withTransferSite { site in
            _ = try await site.bank.transferLimits.set(loginID: Site.loginID, amount: "50000", by: .operator(name: "test"))
            let payee = try await site.payeeCustomerAsPayee()
            let browser = site.browser()
            try await browser.logIn()
            #expect(try await browser.get("/transfer").body.contains(#"<span id="daily-limit">50,000円</span>"#))
            // Two 確認画面 while 50,000円 remain: each passes alone, together they would not.
            let (first, _) = try await site.prepare(browser, destination: "customer:\(payee.id)", amount: "30000")
            let (second, _) = try await site.prepare(browser, destination: "customer:\(payee.id)", amount: "30000")
            #expect(try await site.execute(browser, nonce: first).receptionNumber != nil)
            let refused = try await site.execute(browser, nonce: second)
            #expect(refused.status == .badRequest)
            expectErrorList(refused, "本日の振込可能残額（20,000円）を超えています（1日の振込限度額 50,000円）")
            #expect(!refused.hasForm(action: "/transfer/execute"), "no point in trying again")

            // On the amount screen the same message, before any 確認画面.
            let amountPage = try await browser.get("/transfer/amount?source=\(site.customer.ordinary.id)&to=customer:\(payee.id)")
            let over = try await site.submitAmount(browser, on: amountPage, amount: "20001")
            #expect(over.status == .badRequest)
            expectErrorList(over, "本日の振込可能残額（20,000円）")
            #expect(over.body.contains(#"name="amount" value="20001""#))
            // Exactly what remains is allowed.
            let exact = try await site.submitAmount(browser, on: amountPage, amount: "20000")
            #expect(try await site.execute(browser, nonce: try #require(exact.confirmationNonce)).receptionNumber != nil)
            #expect(try await site.transfers().count == 2)
            #expect(try await site.balance(site.customer.ordinary.id) == 50_000)
            #expect(try await browser.get("/transfer").body.contains(#"<span id="remaining-limit">0円</span>"#))
        }
    }

    @Test func insufficientFundsCountTheFee() async throws {
        try await withTransferSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let amountPage = try await site.submitOther(browser, bankCode: "0998", branchCode: "201", accountNumber: "1234567",
                                                        holderName: "ﾔﾏﾀﾞ ﾀﾛｳ")
            // 99,500 + 550 > 100,000.
            let refused = try await site.submitAmount(browser, on: amountPage, amount: "99500")
            #expect(refused.status == .badRequest)
            expectErrorList(refused, "支払口座の残高が不足しています（振込金額と手数料の合計 100,050円、お支払可能額 100,000円）。")
            #expect(try await site.confirmationCount() == 0)
            let fits = try await site.submitAmount(browser, on: amountPage, amount: "99450")
            #expect(fits.confirmationNonce != nil)
            #expect(try await site.transfers().isEmpty)
        }
    }

    @Test func amountsThatAreNotWholePositiveYenAreRefused() async throws {
        try await withTransferSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let amountPage = try await browser.get("/transfer/amount?source=\(site.customer.ordinary.id)&to=own:\(site.customer.savings.id)")
            #expect(amountPage.status == .ok)
            let cases = [("0", "金額は1円以上で入力してください。"), ("-1", "金額は1円以上で入力してください。"),
                         ("－１０００", "金額は1円以上で入力してください。"), ("abc", "金額は数字で入力してください。"),
                         ("12.5", "金額は数字で入力してください。"), ("", "金額を入力してください。"),
                         ("1234567890123", "金額は12桁以内で入力してください。"),
                         (String(repeating: "9", count: 200), "金額は")]
            for (amount, message) in cases {
                let refused = try await site.submitAmount(browser, on: amountPage, amount: amount)
                #expect(refused.status == .badRequest, "amount \(amount)")
                expectErrorList(refused, message)
            }
            #expect(try await site.confirmationCount() == 0)
            #expect(try await site.transfers().isEmpty)
        }
    }

    @Test func anotherCustomersAccountIsNeitherUsedNorShown() async throws {
        try await withTransferSite { site in
            let theirs = try await site.payeeAccount()
            _ = try await site.bank.counter.post(.deposit, branch: "001", accountNumber: theirs.accountNumber, amount: "777777",
                                               by: .operator(name: "test"))
            let browser = site.browser()
            try await browser.logIn()
            let mine = site.customer.ordinary.id
            let asSource = try await site.select(browser, source: theirs.id, destination: "own:\(site.customer.savings.id)")
            #expect(asSource.status == .badRequest)
            expectErrorList(asSource, "支払口座を選択してください。")
            let typedSource = try await browser.get("/transfer/other?source=\(theirs.id)")
            #expect(typedSource.status == .notFound)
            let amountSource = try await browser.get("/transfer/amount?source=\(theirs.id)&to=own:\(mine)")
            #expect(amountSource.status == .badRequest)
            let posted = try await browser.post("/transfer/confirm", form: [
                ("_csrf", try await browser.sessionToken()), ("source", String(theirs.id)), ("to", "own:\(mine)"), ("amount", "1000"),
            ])
            #expect(posted.status == .notFound)
            #expect(posted.body.contains(TransferText.accountRefused))
            // Nor as an "own" destination.
            let asDestination = try await site.select(browser, source: mine, destination: "own:\(theirs.id)")
            #expect(asDestination.status == .notFound)
            for page in [asSource, typedSource, amountSource, posted, asDestination] {
                #expect(!page.body.contains(theirs.accountNumber) && !page.body.contains("777,777"), "nothing of theirs leaks")
            }
            #expect(try await site.confirmationCount() == 0)
            #expect(try await site.balance(theirs.id) == 777_777)
        }
    }

    @Test func theSameAccountOrNoDestinationIsRefused() async throws {
        try await withTransferSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let mine = site.customer.ordinary.id
            let same = try await site.select(browser, source: mine, destination: "own:\(mine)")
            #expect(same.status == .badRequest)
            expectErrorList(same, "支払口座と同じ口座には振込・振替できません。")
            let none = try await site.select(browser, source: mine)
            expectErrorList(none, "振込・振替先を選択してください。")
            let bogus = try await site.select(browser, source: mine, destination: "own:abc")
            expectErrorList(bogus, "振込・振替先を選択してください。")
            let forged = try await browser.post("/transfer/confirm", form: [
                ("_csrf", try await browser.sessionToken()), ("source", String(mine)), ("to", "own:\(mine)"), ("amount", "1000"),
            ])
            #expect(forged.status == .badRequest)
            expectErrorList(forged, "支払口座と同じ口座には振込・振替できません。")
            #expect(try await site.confirmationCount() == 0)
        }
    }
}
