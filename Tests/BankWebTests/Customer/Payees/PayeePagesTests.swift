import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import HTTPTypes
import Testing

/// 振込・振替先一覧: the customer's own payees (登録, 削除 with the 確認用パスワード) and the
/// 届出済み振込先, which only the counter changes.
@Suite struct PayeePagesTests {
    @Test func addingNormalisesTheNameListsItAndOffersItForTransfers() async throws {
        try await withTransferSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let empty = try await browser.get("/payees")
            #expect(empty.status == .ok)
            #expect(empty.body.contains("振込・振替先一覧(利用者登録)") && empty.body.contains("届出済み振込先"))
            #expect(empty.body.contains(#"id="no-customer-payees""#))
            #expect(empty.body.contains(#"<a class="menu-button" href="/payees/new" id="payee-new">振込・振替先の登録</a>"#))
            let form = try await browser.get("/payees/new")
            #expect(form.body.contains("振込・振替先登録"))
            #expect(form.fieldNames(action: "/payees/new").contains("confirmation_password"))

            // Full-width kana with a full-width space, full-width digits.
            let added = try await site.addPayee(browser, bankCode: "0998", branchCode: "２０１", accountNumber: "１２３４５６７",
                                                holderName: "やまだ　タロウ")
            #expect(added.status == .seeOther)
            #expect(added.location == "/payees?added=1")
            let list = try await browser.get(try #require(added.location))
            #expect(list.body.contains("振込・振替先を登録しました。"))
            #expect(list.body.contains(#"<td data-label="金融機関">架空サンプル銀行</td><td data-label="支店">駅前支店</td><td data-label="科目">普通</td><td data-label="口座番号">1234567</td><td data-label="受取人名">ﾔﾏﾀﾞ ﾀﾛｳ</td>"#))
            let payee = try #require(try await site.payeeRecords(.customer).first)
            #expect(payee.holderName == "ﾔﾏﾀﾞ ﾀﾛｳ" && payee.branchCode == "201" && payee.accountNumber == "1234567")
            #expect(payee.createdBy == "customer")
            #expect(list.body.contains(#"<a href="/payees/\#(payee.id)/delete" id="delete-payee-\#(payee.id)">削除</a>"#))
            let audit = try #require(try await site.audit(event: "payee_added").first)
            #expect(audit.detail.contains("payee=\(payee.id)") && !audit.detail.contains("1234567"), "the audit masks the number")

            let transfer = try await browser.get("/transfer")
            #expect(transfer.body.contains(#"value="customer:\#(payee.id)""#))
            #expect(transfer.body.contains("架空サンプル銀行 駅前支店 普通 1234567 ﾔﾏﾀﾞ ﾀﾛｳ"))

            // In this bank the ledger's name is registered, whatever was typed.
            let target = try await site.payeeAccount()
            #expect(try await site.addPayee(browser, branchCode: "001", accountNumber: target.accountNumber, holderName: "").location
                    == "/payees?added=1")
            #expect(try await site.payeeRecords(.customer).contains { $0.holderName == Payee.nameKana })
        }
    }

    @Test func duplicatesWrongPasswordsAndBadFieldsAreRefused() async throws {
        try await withTransferSite { site in
            let browser = site.browser()
            try await browser.logIn()
            #expect(try await site.addPayee(browser, bankCode: "0998", branchCode: "201", accountNumber: "1234567",
                                            holderName: "ﾔﾏﾀﾞ ﾀﾛｳ").location == "/payees?added=1")
            // The same account typed differently is the same payee.
            let duplicate = try await site.addPayee(browser, bankCode: "０９９８", branchCode: "201", accountNumber: "1234567",
                                                    holderName: "ヤマダ ハナコ")
            #expect(duplicate.status == .badRequest)
            expectErrorList(duplicate, "この振込・振替先はすでに登録されています。")

            let wrong = try await site.addPayee(browser, bankCode: "0998", branchCode: "305", accountNumber: "7654321",
                                                holderName: "ｻﾄｳ", confirmation: "Wrong12345")
            #expect(wrong.status == .badRequest)
            expectErrorList(wrong, TransferText.wrongConfirmation)
            #expect(wrong.body.contains(#"name="account_number" value="7654321""#), "the form keeps what was typed")
            #expect(!wrong.body.contains("Wrong12345"), "but never the password")
            #expect(try await site.audit(event: "confirmation_password").first?.result == .failure)
            let noPassword = try await site.addPayee(browser, bankCode: "0998", branchCode: "305", accountNumber: "7654321",
                                                     holderName: "ｻﾄｳ", confirmation: "")
            expectErrorList(noPassword, "確認用パスワードを入力してください。")

            let bad = try await site.addPayee(browser, bankCode: "0001", branchCode: "001", accountNumber: "1234567", holderName: "ｻﾄｳ")
            #expect(bad.status == .badRequest)
            expectFieldError(bad, "bank_code", "この金融機関コードの金融機関は見つかりません。")
            let malformed = try await site.addPayee(browser, bankCode: "0998", branchCode: "2", accountNumber: "12x", holderName: "山田")
            expectFieldError(malformed, "branch_code", "3桁の数字で入力してください。")
            expectFieldError(malformed, "account_number", "口座番号は7桁の数字で入力してください。")
            expectFieldError(malformed, "holder_name", "受取人名に使用できない文字が含まれています")
            #expect(try await site.payeeRecords(.customer).count == 1)
            #expect(try await site.audit(event: "payee_added").count == 1)
        }
    }

    @Test func deletingNeedsTheConfirmationPassword() async throws {
        try await withTransferSite { site in
            let payee = try await site.storePayee(.customer, bankCode: "0998", branchCode: "201", number: "1234567", holderName: "ﾔﾏﾀﾞ ﾀﾛｳ")
            let browser = site.browser()
            try await browser.logIn()
            let page = try await browser.get("/payees/\(payee.id)/delete")
            #expect(page.status == .ok)
            #expect(page.body.contains("振込・振替先削除"))
            #expect(page.body.contains("<dd>駅前支店（201）</dd>") && page.body.contains("<dd>ﾔﾏﾀﾞ ﾀﾛｳ</dd>"))
            let token = try #require(page.csrf)
            let wrong = try await browser.post("/payees/\(payee.id)/delete", form: [("_csrf", token), ("confirmation_password", "Wrong12345")])
            #expect(wrong.status == .badRequest)
            expectErrorList(wrong, TransferText.wrongConfirmation)
            #expect(try await site.payeeRecords(.customer).count == 1)

            let deleted = try await browser.post("/payees/\(payee.id)/delete", form: [
                ("_csrf", token), ("confirmation_password", SeededCustomer.confirmationPassword),
            ])
            #expect(deleted.location == "/payees?deleted=1")
            let list = try await browser.get("/payees?deleted=1")
            #expect(list.body.contains("振込・振替先を削除しました。"))
            #expect(!list.body.contains("ﾔﾏﾀﾞ ﾀﾛｳ"))
            #expect(try await site.payeeRecords(.customer).isEmpty)
            #expect(try await site.audit(event: "payee_deleted").first?.detail.contains("payee=\(payee.id)") == true)
            // Gone from the 振込・振替 screen, and a stale choice of it is refused.
            #expect(!(try await browser.get("/transfer")).body.contains("customer:\(payee.id)"))
            let stale = try await site.select(browser, destination: "customer:\(payee.id)")
            #expect(stale.status == .notFound)
            expectErrorList(stale, "指定された振込・振替先は見つかりません。")
            // Deleting it again finds nothing.
            #expect(try await browser.get("/payees/\(payee.id)/delete").status == .notFound)
        }
    }

    @Test func bankRegisteredPayeesCannotBeDeletedByTheCustomer() async throws {
        try await withTransferSite { site in
            let registered = try await site.payeeCustomerAsPayee(.bank)
            let browser = site.browser()
            try await browser.logIn()
            let list = try await browser.get("/payees")
            #expect(list.body.contains(#"id="bank-payee-list""#))
            #expect(list.body.contains(#"<td data-label="金融機関">協栄信用組合</td><td data-label="支店">本店</td><td data-label="科目">普通</td>"#))
            #expect(list.body.contains(Payee.nameKana))
            #expect(!list.body.contains("/payees/\(registered.id)/delete"), "no delete link")
            #expect(list.body.contains("届出済み振込先の登録・変更・削除は、お取引店の窓口で承ります。"))
            #expect(try await browser.get("/payees/\(registered.id)/delete").status == .notFound)
            let forced = try await browser.post("/payees/\(registered.id)/delete", form: [
                ("_csrf", try await browser.sessionToken()), ("confirmation_password", SeededCustomer.confirmationPassword),
            ])
            #expect(forced.status == .notFound)
            #expect(forced.body.contains("指定された振込・振替先は見つかりません。"))
            #expect(try await site.payeeRecords(.bank).map(\.id) == [registered.id])
            #expect(try await site.audit(event: "payee_deleted").isEmpty)

            // Another customer's payee is not found either, and not shown.
            let theirs = site.browser()
            try await theirs.logIn(Payee.loginID, Payee.loginPassword)
            #expect(try await theirs.get("/payees/\(registered.id)/delete").status == .notFound)
            #expect(!(try await theirs.get("/payees")).body.contains(Payee.nameKana))
            #expect(!(try await theirs.get("/transfer")).body.contains("bank:\(registered.id)"))
        }
    }
}
