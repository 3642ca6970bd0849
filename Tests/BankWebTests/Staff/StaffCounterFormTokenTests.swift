import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Testing

/// 口座開設 and 顧客新規登録 sent twice (double click, reload, replay): the form's one-time token
/// makes the second answer the first result with nothing more in the database; a missing,
/// garbled or another clerk's token is the form's error with nothing created.
@Suite struct StaffCounterFormTokenTests {
    static let customerFields = [("login_id", "Yamada01"), ("name_kanji", "山田 花子"), ("name_kana", "ﾔﾏﾀﾞ ﾊﾅｺ"),
                                 ("pc_email", "yamada@example.jp"), ("mobile_email", ""), ("branch", "001"),
                                 ("account_type", "ordinary")]

    @Test func accountFormSentTwiceOpensOneAccount() async throws {
        try await withTransferSite { site in
            let (browser, _) = try await site.staffBrowser()
            let action = "/staff/customers/\(site.customerID)/accounts/new"
            let form = try await browser.get(action)
            let hidden = Dictionary(uniqueKeysWithValues: form.hiddenFields(action: action))
            let token = try #require(hidden["form_token"])
            #expect(token.count == 32 && CounterService.isFormToken(token))
            #expect(try await browser.staffFormToken(action) != token, "each form shown gets its own token")
            let fields = [("_csrf", try #require(hidden["_csrf"])), ("form_token", token), ("branch", "002"),
                          ("account_type", "current")]
            let before = try await site.bank.accounts.balances(by: .customer(id: site.customerID)).count

            let first = try await browser.post(action, form: fields)
            let location = try #require(first.location)
            #expect(location.hasPrefix("/staff/customers/\(site.customerID)?done=account_opened&account="))
            let again = try await browser.post(action, form: fields)
            #expect(again.location == location, "the second answer is the first account")
            #expect(try await site.bank.accounts.balances(by: .customer(id: site.customerID)).count == before + 1)
            #expect(try await site.staffAudit(event: "account_opened").count == 1)
            let detail = try await browser.get(location)
            #expect(detail.body.contains("口座を開設しました（吉田支店 当座 "))
        }
    }

    @Test func customerFormSentTwiceShowsTheCustomerWithoutPasswords() async throws {
        try await withTransferSite { site in
            let (browser, _) = try await site.staffBrowser()
            let form = try await browser.get("/staff/customers/new")
            let hidden = Dictionary(uniqueKeysWithValues: form.hiddenFields(action: "/staff/customers/new"))
            let fields = [("_csrf", try #require(hidden["_csrf"])), ("form_token", try #require(hidden["form_token"]))]
                + Self.customerFields
            let customersBefore = try await site.bank.counter.customers().count

            let first = try await browser.post("/staff/customers/new", form: fields)
            #expect(first.status == .ok)
            let loginPassword = try #require(first.firstCapture(#"<code id="generated-login-password">([^<]+)</code>"#))
            let confirmation = try #require(first.firstCapture(#"<code id="generated-confirmation-password">([^<]+)</code>"#))
            let customerID = try #require(first.firstCapture(#"<dd id="created-customer-id">(\d+)</dd>"#))

            let again = try await browser.post("/staff/customers/new", form: fields)
            #expect(again.status == .ok)
            #expect(again.body.contains("<h1>顧客新規登録結果</h1>"))
            #expect(again.body.contains(
                #"<p class="staff-caution" role="status" id="replayed-notice">この申込みはすでに登録済みです。初期パスワードは最初の画面にのみ表示されました。"#))
            #expect(!again.body.contains("generated-login-password"), "the passwords are not shown again")
            #expect(!again.body.contains(loginPassword) && !again.body.contains(confirmation))
            #expect(!again.body.contains("このログインIDはすでに使用されています。"))
            #expect(again.firstCapture(#"<dd id="created-customer-id">(\d+)</dd>"#) == customerID)
            #expect(again.body.contains(#"<dd id="created-login-id">yamada01</dd>"#))
            #expect(again.tableRows(id: "created-account-list").map { Array($0.prefix(2)) } == [["本店（001）", "普通"]])

            #expect(try await site.bank.counter.customers().count == customersBefore + 1)
            #expect(try await site.staffAudit(event: "customer_created").count == 1)
            #expect(try await site.staffAudit(event: "account_opened").count == 1)

            try await browser.switchLanguage(to: "en", token: try #require(hidden["_csrf"]))
            let english = try await browser.post("/staff/customers/new", form: fields)
            #expect(english.body.contains("The initial passwords were shown on the first answer only."))
        }
    }

    /// No token, a garbled one, or one another member of staff was given: the form again with
    /// the message, the typed values kept, a fresh token, nothing created.
    @Test func badTokensCreateNothing() async throws {
        try await withTransferSite { site in
            let (browser, _) = try await site.staffBrowser()
            let csrf = try await browser.staffToken()
            let other = try await site.enrollStaff("clerk02", name: "窓口 次郎", role: .supervisor)
            let (colleague, _) = try await site.staffBrowser(other)
            let theirs = try await colleague.staffFormToken("/staff/customers/new")
            _ = try await colleague.post("/staff/customers/new", form: [("_csrf", try await colleague.staffToken()),
                                                                        ("form_token", theirs)] + Self.customerFields)
            let customers = try await site.bank.counter.customers().count
            let accountAction = "/staff/customers/\(site.customerID)/accounts/new"
            let accounts = try await site.bank.accounts.balances(by: .customer(id: site.customerID)).count
            let message = "入力画面の有効期限が切れたか、正しくありません。内容を確かめて、もう一度送信してください。"

            for token in [nil, "", "zz", String(repeating: "A", count: 32), theirs] {
                let tokenField = token.map { [("form_token", $0)] } ?? []
                let customer = try await browser.post("/staff/customers/new", form: [("_csrf", csrf)] + tokenField
                    + Self.customerFields.map { $0.0 == "login_id" ? ("login_id", "sato0001") : $0 })
                #expect(customer.status == .badRequest, "\(token ?? "none")")
                #expect(customer.body.contains(message), "\(token ?? "none")")
                #expect(customer.body.contains(#"value="sato0001""#), "typed values kept")
                let fresh = Dictionary(uniqueKeysWithValues: customer.hiddenFields(action: "/staff/customers/new"))["form_token"]
                #expect(fresh.map(CounterService.isFormToken) == true && fresh != token, "a new token for the corrected form")

                let account = try await browser.post(accountAction, form: [("_csrf", csrf)] + tokenField
                    + [("branch", "002"), ("account_type", "savings")])
                #expect(account.status == .badRequest && account.body.contains(message), "\(token ?? "none")")
            }
            #expect(try await site.bank.counter.customers().count == customers)
            #expect(try await site.bank.accounts.balances(by: .customer(id: site.customerID)).count == accounts)
        }
    }
}

extension Browser {
    /// A fresh one-time token of the counter form at `action` (GET the form, read its hidden field).
    func staffFormToken(_ action: String) async throws -> String {
        let form = try await get(action)
        return try #require(Dictionary(uniqueKeysWithValues: form.hiddenFields(action: action))["form_token"])
    }

    func switchLanguage(to language: String, token: String) async throws {
        let answer = try await post("/staff/language", form: [("_csrf", token), ("lang", language), ("return_to", "/staff")])
        #expect(answer.status == .seeOther)
    }
}
