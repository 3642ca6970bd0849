import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Testing

/// 窓口業務's refusals on the web: 監査 is refused by the service (403, audited), a POST
/// without the staff CSRF token changes nothing (403), and an account or payee of another
/// customer is a page that does not exist (404) with nothing changed.
@Suite struct StaffCounterRefusalPagesTests {
    /// Every counter form and every counter POST, as (GET path, POST path, fields).
    static func actions(_ site: Site, payeeID: Int64) -> [(String?, String, [(String, String)])] {
        let base = "/staff/customers/\(site.customerID)"
        return [
            ("/staff/customers/new", "/staff/customers/new", [("login_id", "newcust01"), ("name_kanji", "新規 一郎"),
                                                             ("name_kana", "ｼﾝｷ ｲﾁﾛｳ"), ("pc_email", "n@example.jp"),
                                                             ("form_token", String(repeating: "b", count: 32))]),
            ("\(base)/accounts/new", "\(base)/accounts/new", [("form_token", String(repeating: "c", count: 32)),
                                                                ("branch", "001"), ("account_type", "ordinary")]),
            ("\(base)/postings/new", "\(base)/postings/new", [("form_token", String(repeating: "a", count: 32)),
                                                              ("account", String(site.customer.ordinary.id)),
                                                              ("direction", "deposit"), ("amount", "1000")]),
            ("\(base)/payees/new", "\(base)/payees/new", [("bank_code", "0998"), ("branch_code", "201"),
                                                          ("account_type", "ordinary"), ("account_number", "7654321"),
                                                          ("holder_name", "ﾔﾏﾀﾞ ﾀﾛｳ")]),
            ("\(base)/payees/\(payeeID)/delete", "\(base)/payees/\(payeeID)/delete", []),
            ("\(base)/mail-address", "\(base)/mail-address", [("kind", "pc"), ("address", "changed@example.jp")]),
        ]
    }

    /// What none of the refusals may change.
    struct State: Equatable {
        var customers: Int, ordinary: Int64, accounts: Int, bankPayees: Int, pcEmail: String, mails: Int
    }

    static func state(_ site: Site) async throws -> State {
        State(customers: try await site.bank.counter.customers().count, ordinary: try await site.balance(site.customer.ordinary.id),
              accounts: try await site.bank.accounts.balances(by: .customer(id: site.customerID)).count,
              bankPayees: try await site.payeeRecords(.bank).count,
              pcEmail: try await site.bank.counter.customer(loginID: Site.loginID).pcEmail, mails: try await site.mailCount())
    }

    @Test func auditorIsRefusedByTheService() async throws {
        try await withTransferSite { site in
            let payee = try await site.storePayee(.bank, bankCode: "0998", branchCode: "201", number: "1234567", holderName: "ﾀﾅｶ ﾀﾛｳ")
            let auditor = try await site.enrollStaff("audit001", name: "監査 花子", role: .auditor)
            let (browser, _) = try await site.staffBrowser(auditor)
            let detail = try await browser.get("/staff/customers/\(site.customerID)")
            #expect(detail.status == .ok && !detail.body.contains(#"id="counter-actions""#), "no counter buttons for 監査")
            #expect(!detail.body.contains("payee-delete-link"))
            let before = try await Self.state(site)
            let token = try await browser.staffToken()
            for (get, post, fields) in Self.actions(site, payeeID: payee.id) {
                if let get {
                    let page = try await browser.get(get)
                    #expect(page.status == .forbidden, "GET \(get)")
                    #expect(page.body.contains("この操作を行う権限がありません。"), "GET \(get)")
                }
                let answer = try await browser.post(post, form: [("_csrf", token)] + fields)
                #expect(answer.status == .forbidden, "POST \(post)")
                #expect(answer.body.contains("この操作を行う権限がありません。"), "POST \(post)")
            }
            #expect(try await Self.state(site) == before)
            let refused = try await site.audit().filter { $0.actor == "staff:audit001" && $0.result == .refused }
            #expect(Set(refused.map(\.event)) == ["customer_created", "account_opened", "counter_deposit",
                                                  "bank_payee_registered", "bank_payee_removed", "mail_address_changed"])
            #expect(refused.allSatisfy { $0.userAgent == Site.userAgent && $0.detail == "forbidden role=auditor" })
        }
    }

    @Test func postWithoutTheCSRFTokenChangesNothing() async throws {
        try await withTransferSite { site in
            let payee = try await site.storePayee(.bank, bankCode: "0998", branchCode: "201", number: "1234567", holderName: "ﾀﾅｶ ﾀﾛｳ")
            let (browser, _) = try await site.staffBrowser()
            let before = try await Self.state(site)
            for (_, post, fields) in Self.actions(site, payeeID: payee.id) {
                let missing = try await browser.post(post, form: fields)
                #expect(missing.status == .forbidden, "POST \(post)")
                #expect(missing.body.contains(Text.csrfError), "POST \(post)")
                let wrong = try await browser.post(post, form: [("_csrf", "forged")] + fields)
                #expect(wrong.status == .forbidden, "POST \(post) with a wrong token")
            }
            // A logged-out browser is sent to the login, and nothing happens either.
            let stranger = site.browser()
            let answer = try await stranger.post("/staff/customers/new", form: [("_csrf", "x")])
            #expect(answer.location == "/staff/login")
            #expect(try await Self.state(site) == before)
        }
    }

    /// Another customer's account or payee: 404, nothing posted or removed; an unknown
    /// customer id: 404 on every counter page.
    @Test func anotherCustomersAccountOrPayeeIsNotFound() async throws {
        try await withTransferSite { site in
            let (browser, _) = try await site.staffBrowser()
            let stranger = try await site.payeeAccount()
            let theirs = try #require(try await site.bank.counter.customers().first { $0.loginID == Payee.loginID })
            let payee = try await site.storePayee(.bank, bankCode: "0998", branchCode: "201", number: "1234567", holderName: "ﾀﾅｶ ﾀﾛｳ")
            let before = try await Self.state(site)
            let strangerBefore = try await site.balance(stranger.id)
            let action = "/staff/customers/\(site.customerID)/postings/new"
            let form = try await browser.get(action)
            let token = try #require(Dictionary(uniqueKeysWithValues: form.hiddenFields(action: action))["form_token"])
            let idor = try await browser.post(action, form: [
                ("_csrf", try #require(form.csrf)), ("form_token", token), ("account", String(stranger.id)),
                ("direction", "withdrawal"), ("amount", "1"),
            ])
            #expect(idor.status == .notFound && idor.body.contains("このお客様の口座ではありません。"))
            #expect(try await site.balance(stranger.id) == strangerBefore)

            let wrongOwner = "/staff/customers/\(theirs.id)/payees/\(payee.id)/delete"
            #expect(try await browser.get(wrongOwner).status == .notFound)
            let removal = try await browser.post(wrongOwner, form: [("_csrf", try #require(form.csrf))])
            #expect(removal.status == .notFound)
            #expect(try await site.payeeRecords(.bank).count == 1)

            for path in ["/staff/customers/999999/accounts/new", "/staff/customers/999999/postings/new",
                         "/staff/customers/999999/payees/new", "/staff/customers/999999/mail-address",
                         "/staff/customers/abc/postings/new", "/staff/customers/\(site.customerID)/payees/999999/delete"] {
                #expect(try await browser.get(path).status == .notFound, "\(path)")
            }
            let unknown = try await browser.post("/staff/customers/999999/mail-address", form: [
                ("_csrf", try #require(form.csrf)), ("kind", "pc"), ("address", "x@example.jp"),
            ])
            #expect(unknown.status == .notFound && unknown.body.contains(StaffText.customerNotFound))
            #expect(try await Self.state(site) == before)
        }
    }

    @Test func counterScreensRenderInEnglish() async throws {
        try await withTransferSite { site in
            let (browser, _) = try await site.staffBrowser()
            browser.setCookie("kyoei_lang", "en")
            let pages = try await site.renderStaffCounterScreens(browser)
            #expect(Set(pages.keys) == Set(site.renderer.screenNames.filter { $0.hasPrefix("staff_counter_") }))
            for (name, page) in pages {
                #expect(page.status == .ok, "\(name)")
                #expect(page.body.contains(#"<html lang="en">"#), "\(name)")
                #expect(page.body.contains("<h1>") && page.body.contains(#"<footer class="site-footer">"#), "\(name)")
                #expect(page.body.contains(try #require(Site.staffCounterMarkers[name])), "\(name)")
                #expect(!page.body.contains("{{"), "\(name)")
            }
            #expect(pages["staff_counter_posting_new"]?.body.contains(#"<label for="amount">Amount</label>"#) == true)
        }
    }
}

extension Site {
    /// Each counter screen once, reached by its own forms (for the test that renders every
    /// template, and the English one).
    func renderStaffCounterScreens(_ browser: Browser) async throws -> [String: WebResponse] {
        let base = "/staff/customers/\(customerID)"
        var rendered = ["staff_counter_customer_new": try await browser.get("/staff/customers/new")]
        let token = try #require(rendered["staff_counter_customer_new"]?.csrf)
        rendered["staff_counter_customer_created"] = try await browser.post("/staff/customers/new", form: [
            ("_csrf", token), ("form_token", try await browser.staffFormToken("/staff/customers/new")), ("login_id", "render99"), ("name_kanji", "表示 確認"), ("name_kana", "ﾋｮｳｼﾞ ｶｸﾆﾝ"),
            ("pc_email", "render99@example.jp"), ("branch", "001"), ("account_type", "ordinary"),
        ])
        rendered["staff_counter_account_new"] = try await browser.get("\(base)/accounts/new")
        let posting = try await browser.get("\(base)/postings/new")
        rendered["staff_counter_posting_new"] = posting
        let formToken = try #require(Dictionary(uniqueKeysWithValues: posting.hiddenFields(action: "\(base)/postings/new"))["form_token"])
        rendered["staff_counter_posting_done"] = try await browser.post("\(base)/postings/new", form: [
            ("_csrf", token), ("form_token", formToken), ("account", String(customer.ordinary.id)), ("direction", "deposit"),
            ("amount", "1"),
        ])
        rendered["staff_counter_payee_new"] = try await browser.get("\(base)/payees/new")
        let payee = try await storePayee(.bank, bankCode: "0998", branchCode: "201", number: "7777777", holderName: "ﾋｮｳｼﾞ")
        rendered["staff_counter_payee_delete"] = try await browser.get("\(base)/payees/\(payee.id)/delete")
        rendered["staff_counter_mail_address"] = try await browser.get("\(base)/mail-address")
        return rendered
    }

    static let staffCounterMarkers = [
        "staff_counter_customer_new": #"id="counter-customer-form""#,
        "staff_counter_customer_created": #"id="generated-login-password""#,
        "staff_counter_account_new": #"id="counter-account-form""#,
        "staff_counter_posting_new": #"id="counter-posting-form""#,
        "staff_counter_posting_done": #"id="posting-result""#,
        "staff_counter_payee_new": #"id="counter-payee-form""#,
        "staff_counter_payee_delete": #"id="counter-payee-delete-form""#,
        "staff_counter_mail_address": #"id="counter-mail-address-form""#,
    ]
}
