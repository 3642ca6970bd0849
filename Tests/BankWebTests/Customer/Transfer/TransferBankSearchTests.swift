import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import HTTPTypes
import Testing

/// 金融機関・支店の検索 over HTTP: from the 他口座 form (what was typed carried along) to the
/// bank, its branch, and back with both codes filled in; bad input named by field; nothing
/// written by any of it.
@Suite struct TransferBankSearchTests {
    static let typed = [("account_type", "current"), ("account_number", "7654321"), ("holder_name", "ヤマダ　タロウ")]

    /// 金融機関を検索 / 支店を検索 on the 他口座 form, with the fields typed so far.
    static func search(_ site: Site, _ browser: Browser, _ which: String, bankCode: String = "") async throws -> WebResponse {
        let source = String(site.customer.ordinary.id)
        let form = try await browser.get("/transfer/other?source=\(source)")
        return try await browser.post("/transfer/other", form: [
            ("_csrf", try #require(form.csrf)), ("source", source), ("bank_code", bankCode), ("branch_code", "")]
            + typed + [("search", which)])
    }

    @Test func aCustomerFindsABankByInitialAndABranchByNameAndTheCodesComeBackFilled() async throws {
        try await withTransferSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let source = site.customer.ordinary.id
            let form = try await browser.get("/transfer/other?source=\(source)")
            // 次へ is the form's first button: Enter in a field goes on, not to the search.
            let formHTML = try #require(form.formHTML(action: "/transfer/other"))
            let buttons = WebResponse.matches(#"<button type="submit"[^>]*id="([^"]+)""#, in: formHTML).map { $0[0] }
            #expect(buttons.starts(with: ["next", "search-bank", "search-branch"]))
            #expect(form.body.contains(#"formnovalidate class="secondary" id="search-bank""#))

            let toBanks = try await Self.search(site, browser, "bank")
            #expect(toBanks.status == .seeOther)
            let banksPath = try #require(toBanks.location)
            #expect(banksPath == "/transfer/destination/bank?source=\(source)&account_type=current&account_number=7654321"
                + "&holder_name=%E3%83%A4%E3%83%9E%E3%83%80%E3%80%80%E3%82%BF%E3%83%AD%E3%82%A6")
            let banks = try await browser.get(banksPath)
            #expect(banks.status == .ok)
            #expect(banks.body.contains("<h1>振込先金融機関の検索</h1>"))
            #expect(banks.body.contains(#"id="major-bank-2999""#), "this bank first among the shortcuts")
            #expect(banks.body.contains(#"<label for="q">金融機関名または金融機関コード</label>"#))
            #expect(banks.allCaptures(#"id="kana-row-(.)""#).map { $0[0] } == ["あ", "か", "さ", "た", "な", "は", "ま", "や", "ら", "わ"])
            #expect(banks.hiddenFields(action: "/transfer/destination/bank").map(\.0)
                == ["source", "account_type", "account_number", "holder_name"])

            // The た row, then its syllable て: テスト信用組合 and デモネット銀行 (で under て).
            let taPath = try #require(banks.firstCapture(#"href="([^"]+)" id="kana-row-た""#)).replacingOccurrences(of: "&amp;", with: "&")
            let ta = try await browser.get(taPath)
            #expect(ta.allCaptures(#"id="kana-(.)""#).map { $0[0] } == ["た", "ち", "つ", "て", "と"])
            #expect(ta.body.contains("「た」行の金融機関"))
            #expect(!ta.body.contains(#"id="major-banks""#))
            let teLink = try #require(ta.firstCapture(#"href="([^"]+)" id="kana-て""#)).replacingOccurrences(of: "&amp;", with: "&")
            #expect(teLink.hasSuffix("&kana=%E3%81%A6#directory-results"), "to the list, below the index on a phone")
            let tePath = String(teLink.prefix { $0 != "#" })
            let te = try await browser.get(tePath)
            #expect(te.allCaptures(#"id="bank-(\d{4})""#).map { $0[0] } == ["2998", "0997"])
            #expect(te.body.contains(#"<span class="choice-name">デモネット銀行</span> <span class="choice-kana">デモネツトギンコウ</span>"#))

            // By name in half-width kana: 架空サンプル銀行; its link leads to the branches.
            let byName = try await browser.get(banksPath + "&q=%EF%BD%B6%EF%BD%B8%EF%BD%B3%EF%BD%BB") // ｶｸｳｻ
            #expect(byName.allCaptures(#"id="bank-(\d{4})""#).map { $0[0] } == ["0998"])
            let branchesPath = try #require(byName.firstCapture(#"href="([^"]+)" id="bank-0998""#)).replacingOccurrences(of: "&amp;", with: "&")
            #expect(branchesPath.hasPrefix("/transfer/destination/branch?source=\(source)&bank_code=0998"))
            let branches = try await browser.get(branchesPath)
            #expect(branches.body.contains(#"<dd id="chosen-bank">架空サンプル銀行（0998）</dd>"#))
            #expect(branches.allCaptures(#"id="branch-(\d{3})""#).map { $0[0] } == ["100", "201", "305"], "a small bank's every branch")
            let found = try await browser.get(branchesPath + "&q=%E3%81%88%E3%81%8D") // えき
            #expect(found.allCaptures(#"id="branch-(\d{3})""#).map { $0[0] } == ["201"])
            #expect(found.body.contains("「えき」を含む支店"))

            // Choosing 駅前支店: the form again, both codes filled, the typed fields as they were.
            let back = try #require(found.firstCapture(#"href="([^"]+)" id="branch-201""#)).replacingOccurrences(of: "&amp;", with: "&")
            let filled = try await browser.get(back)
            #expect(filled.status == .ok)
            #expect(filled.body.contains(#"name="bank_code" value="0998""#))
            #expect(filled.body.contains(#"name="branch_code" value="201""#))
            #expect(filled.body.contains(#"<option value="current" selected>"#))
            #expect(filled.body.contains(#"name="account_number" value="7654321""#))
            #expect(filled.body.contains(#"name="holder_name" value="ヤマダ　タロウ""#))
            #expect(filled.body.contains(#"<p class="notice" id="chosen-destination" role="status">振込先: 架空サンプル銀行 駅前支店</p>"#))
            #expect(try await site.confirmationCount() == 0)
            #expect(try await site.transfers().isEmpty)

            // 次へ from there goes on as for typed codes.
            let amount = try await site.submitOther(browser, bankCode: "0998", branchCode: "201", accountType: "current",
                                                    accountNumber: "7654321", holderName: "ヤマダ　タロウ")
            #expect(amount.body.contains(#"<dd id="destination-branch">駅前支店（201）</dd>"#))
        }
    }

    @Test func branchSearchFromTheFormUsesTheTypedBankCode() async throws {
        try await withTransferSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let toBranches = try await Self.search(site, browser, "branch", bankCode: "０９９７")
            let location = try #require(toBranches.location)
            #expect(location.hasPrefix("/transfer/destination/branch?source=\(site.customer.ordinary.id)&bank_code=0997&account_type=current"))
            let page = try await browser.get(location)
            #expect(page.allCaptures(#"id="branch-(\d{3})""#).map { $0[0] } == ["101", "102"])
            let change = try #require(page.firstCapture(#"href="([^"]+)" id="change-bank""#))
            #expect(change.hasPrefix("/transfer/destination/bank?") && !change.contains("bank_code"))
        }
    }

    @Test func badInputIsNamedByFieldAndNothingIsWritten() async throws {
        try await withTransferSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let source = site.customer.ordinary.id
            let mails = try await site.mailCount()
            let audit = try await site.bank.database.read { db in try await AuditRecords.search(db, AuditQuery(), limit: 10_000).count }

            // 支店を検索 without a bank code, or with one the master does not know: the form, the field marked.
            let empty = try await Self.search(site, browser, "branch")
            #expect(empty.status == .badRequest)
            #expect(empty.body.contains(#"<small class="field-error" id="bank_code-error">金融機関コードを入力してください。</small>"#))
            #expect(empty.body.contains(#"name="account_number" value="7654321""#), "what was typed is kept")
            let unknown = try await browser.get("/transfer/destination/branch?source=\(source)&bank_code=0123&account_number=7654321")
            #expect(unknown.status == .badRequest)
            #expect(unknown.body.contains(#"id="bank_code-error">この金融機関コードの金融機関は見つかりません。"#))

            let badKana = try await browser.get("/transfer/destination/bank?source=\(source)&kana=Q")
            #expect(badKana.status == .badRequest)
            #expect(badKana.body.contains(#"<p class="field-error" id="kana-error">頭文字の指定が正しくありません。一覧から選んでください。</p>"#))
            let long = String(repeating: "%E3%81%BF", count: 49)
            let tooLong = try await browser.get("/transfer/destination/bank?source=\(source)&q=\(long)")
            #expect(tooLong.status == .badRequest)
            #expect(tooLong.body.contains(#"aria-invalid="true""#) && tooLong.body.contains(#"id="q-error">検索する名前は48文字以内で入力してください。"#))
            let badRow = try await browser.get("/transfer/destination/branch?source=\(source)&bank_code=0998&row=%E3%81%8D")
            #expect(badRow.status == .badRequest)
            #expect(badRow.body.contains(#"id="row-error""#) && badRow.body.contains(#"<dd id="chosen-bank">架空サンプル銀行（0998）</dd>"#))

            // Nothing found is said so; another customer's account as 支払口座 is not found.
            let nothing = try await browser.get("/transfer/destination/bank?source=\(source)&q=%E3%82%8F%E3%82%92%E3%82%93")
            #expect(nothing.status == .ok && nothing.body.contains(#"<p id="directory-empty">"#))
            let payee = try await site.payeeAccount()
            #expect(try await browser.get("/transfer/destination/bank?source=\(payee.id)").status == .notFound)
            #expect(try await browser.get("/transfer/destination/branch?bank_code=0998").status == .notFound)

            #expect(try await site.confirmationCount() == 0)
            #expect(try await site.mailCount() == mails)
            #expect(try await site.bank.database.read { db in try await AuditRecords.search(db, AuditQuery(), limit: 10_000).count } == audit)
        }
    }

    @Test func signedOutTheSearchIsTheLoginScreen() async throws {
        try await withTransferSite { site in
            let answer = try await site.browser().get("/transfer/destination/bank?source=1")
            #expect(answer.status == .seeOther && answer.location?.hasPrefix("/login") == true)
        }
    }
}
