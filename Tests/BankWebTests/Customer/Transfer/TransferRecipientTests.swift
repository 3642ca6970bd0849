import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import HTTPTypes
import Testing

/// What the 確認画面 says about where the money goes: 振替 between one's own accounts is
/// labelled 振替 (not a 振込 route), and a typed 受取人名 that is not the account holder's is
/// shown beside the holder's name (口座名義) and must be confirmed before anything is paid.
@Suite struct TransferRecipientTests {
    static let checkbox = #"<input type="checkbox" id="holder_confirmed" name="holder_confirmed" value="1" required>"#

    @Test func ownAccountTransferIsLabelledFurikaeNotARoute() async throws {
        try await withTransferSite { site in
            let browser = site.browser()
            try await browser.logIn()
            // 本店 普通 → 吉田支店 貯蓄: across branches, but one's own money.
            let (_, own) = try await site.prepare(browser, source: site.customer.ordinary.id,
                                                  destination: "own:\(site.customer.savings.id)", amount: "1000")
            #expect(own.body.contains(#"<p id="transfer-route">取引区分: 振替（ご本人名義の口座間）</p>"#))
            #expect(!own.body.contains("本支店宛") && !own.body.contains("振込区分"))
            browser.setCookie("kyoei_lang", "en")
            let (_, english) = try await site.prepare(browser, source: site.customer.ordinary.id,
                                                      destination: "own:\(site.customer.savings.id)", amount: "1000")
            #expect(english.body.contains(#"<p id="transfer-route">Type: Transfer between your own accounts</p>"#))

            // A 振込 to someone else at another branch keeps its route.
            browser.setCookie("kyoei_lang", "ja")
            _ = try await site.bank.counter.post(.deposit, branch: "002", accountNumber: site.customer.savings.accountNumber,
                                               amount: "10000", by: .operator(name: "test"))
            let payee = try await site.payeeCustomerAsPayee()
            let (_, other) = try await site.prepare(browser, source: site.customer.savings.id, destination: "customer:\(payee.id)",
                                                    amount: "1000")
            #expect(other.body.contains(#"<p id="transfer-route">振込区分: 本支店宛</p>"#))
        }
    }

    @Test func aTypedNameThatIsNotTheHoldersIsShownAndMustBeConfirmed() async throws {
        try await withTransferSite { site in
            let target = try await site.payeeAccount()
            let browser = site.browser()
            try await browser.logIn()
            let amountPage = try await site.submitOther(browser, bankCode: "2999", branchCode: target.branchCode,
                                                        accountNumber: target.accountNumber, holderName: "ｽｽﾞｷ ｼﾞﾛｳ")
            #expect(amountPage.status == .ok)
            #expect(amountPage.body.contains(#"<dt>受取人名（口座名義）</dt><dd id="destination-holder">\#(Payee.nameKana)</dd>"#))
            #expect(amountPage.body.contains(#"<dt>ご入力の受取人名</dt><dd id="destination-typed-holder">ｽｽﾞｷ ｼﾞﾛｳ</dd>"#))
            #expect(amountPage.body.contains(#"id="holder-differs""#))
            let nonce = try #require(try await site.submitAmount(browser, on: amountPage, amount: "5000").confirmationNonce)
            let confirm = try await browser.get("/transfer/confirm?nonce=\(nonce)")
            #expect(confirm.body.contains(#"id="destination-typed-holder">ｽｽﾞｷ ｼﾞﾛｳ</dd>"#))
            #expect(confirm.body.contains("ご入力の受取人名「ｽｽﾞｷ ｼﾞﾛｳ」は、この口座の名義「\(Payee.nameKana)」と異なります。"))
            #expect(confirm.body.contains(Self.checkbox))
            #expect(confirm.body.contains(#"<label for="holder_confirmed">受取人名（口座名義）を確認しました</label>"#))

            // 実行 without the tick: refused, naming the field, before any password is looked at.
            let unticked = try await site.execute(browser, nonce: nonce, confirmation: "wrong-password")
            #expect(unticked.status == .badRequest)
            expectErrorList(unticked, "受取人名: ご入力の受取人名「ｽｽﾞｷ ｼﾞﾛｳ」と口座名義「\(Payee.nameKana)」が異なります。")
            #expect(unticked.hasForm(action: "/transfer/execute"))
            #expect(try await site.credentialState(.confirmationPassword).failures == 0, "nothing counted")
            #expect(try await site.transfers().isEmpty)
            #expect(try await site.balance(target.id) == 0)

            let ticked = try await browser.post("/transfer/execute", form: [
                ("_csrf", try await browser.sessionToken()), ("nonce", nonce),
                ("confirmation_password", SeededCustomer.confirmationPassword), ("holder_confirmed", "1"),
            ])
            #expect(ticked.receptionNumber != nil)
            #expect(try await site.balance(target.id) == 5_000)
            #expect(try await site.transfers().first?.holderName == Payee.nameKana, "paid to the holder the customer saw")
        }
    }

    @Test func theHoldersOwnNameOrNoNameNeedsNoConfirmation() async throws {
        try await withTransferSite { site in
            let target = try await site.payeeAccount()
            let browser = site.browser()
            try await browser.logIn()
            // Full-width kana of the same name, and an empty name: the holder's name is all there is.
            for typed in ["スズキ　イチロウ", ""] {
                let amountPage = try await site.submitOther(browser, bankCode: "2999", branchCode: target.branchCode,
                                                            accountNumber: target.accountNumber, holderName: typed)
                #expect(!amountPage.body.contains("destination-typed-holder"), "typed «\(typed)»")
                let nonce = try #require(try await site.submitAmount(browser, on: amountPage, amount: "100").confirmationNonce)
                let confirm = try await browser.get("/transfer/confirm?nonce=\(nonce)")
                #expect(!confirm.body.contains("holder_confirmed"))
                #expect(confirm.body.contains(#"<dt>受取人名</dt><dd id="destination-holder">\#(Payee.nameKana)</dd>"#))
                #expect(try await site.execute(browser, nonce: nonce).receptionNumber != nil)
            }
        }
    }

    @Test func aPayeeIsNotRegisteredUnderANameThatIsNotTheHolders() async throws {
        try await withTransferSite { site in
            let target = try await site.payeeAccount()
            let browser = site.browser()
            try await browser.logIn()
            let refused = try await site.addPayee(browser, branchCode: target.branchCode, accountNumber: target.accountNumber,
                                                  holderName: "ｽｽﾞｷ ｼﾞﾛｳ", confirmation: "wrong-password")
            #expect(refused.status == .badRequest)
            #expect(refused.body.contains("受取人名がこの口座の名義と異なります。口座名義どおりに入力するか、当組合の口座は空欄にしてください"))
            #expect(try await site.payeeRecords(.customer).isEmpty)
            #expect(try await site.credentialState(.confirmationPassword).failures == 0, "refused before the password is checked")
            #expect(try await site.outbox(kind: "payee_added").isEmpty)
            // The holder's own name, or none, registers under the holder's name.
            #expect(try await site.addPayee(browser, branchCode: target.branchCode, accountNumber: target.accountNumber,
                                            holderName: "すずき　いちろう").location == "/payees?added=1")
            #expect(try await site.payeeRecords(.customer).map(\.holderName) == [Payee.nameKana])
        }
    }
}
