import BankCore
import BankServices
import BankStore
import BankTestSupport
import BankWeb
import Foundation
import Testing

/// What a clerk reads is words, not the codes the services store: every back-office screen is
/// rendered (in Japanese and in English) over a customer with a lock, a withdrawn token, a
/// token the bank reset and its urgent mail, wrong passwords in the audit trail; no stored
/// code may show. And 状態 shows each lock, in the list and at the top of 顧客詳細.
@Suite struct StaffLabelsPagesTests {
    static let client = ClientInfo(ip: "192.0.2.9", userAgent: Site.userAgent)

    /// The customer's history the screens show: a token issued then withdrawn by the customer
    /// (終了理由 `customer`), another reset by the bank (`otp_reset` mail, 至急), and the login
    /// password locked by wrong passwords (`wrong_password failures=…`, `credential_locked`).
    func makeHistory(_ site: Site) async throws {
        let browser = site.browser()
        try await browser.logIn()
        try await site.issueToken(browser)
        try await site.bank.otp.deactivateToken(by: .customer(id: site.customerID), confirmationPassword: SeededCustomer.confirmationPassword,
                                            session: [.loginPassword], client: Self.client)
        try await site.issueToken(browser)
        _ = try await site.bank.otp.resetToken(loginID: Site.loginID, reason: "携帯電話の紛失（来店、本人確認済み）", by: .operator(name: "clerk09"))
        for _ in 0..<5 {
            _ = try await site.bank.login.checkPassword(loginID: Site.loginID, password: "Wrong-Password-1", client: Self.client)
        }
    }

    /// Every back-office screen a reader reaches about this customer, in the browser's language.
    func screens(_ site: Site, _ browser: Browser) async throws -> [String: WebResponse] {
        let id = site.customerID
        var pages: [String: WebResponse] = [:]
        for path in ["/staff", "/staff/customers?login_id=tanaka", "/staff/customers/\(id)", "/staff/audit",
                     "/staff/audit?customer_id=\(id)", "/staff/compensation?customer_id=\(id)", "/staff/mail",
                     "/staff/interbank", "/staff/ledger", "/staff/customers/\(id)/access", "/staff/requests?status=all",
                     "/staff/customers/\(id)/postings/new", "/staff/customers/\(id)/accounts/new",
                     "/staff/customers/\(id)/payees/new", "/staff/customers/\(id)/mail-address", "/staff/customers/new"] {
            let page = try await browser.get(path)
            #expect(page.status == .ok, "\(path): \(page.status)")
            pages[path] = page
        }
        let access = try #require(pages["/staff/customers/\(id)/access"]?.csrf)
        let made = try await browser.post("/staff/customers/\(id)/unlock",
                                          form: [("_csrf", access), ("credential", "login_password"), ("reason", "本人から電話")])
        if let location = made.location { pages[location] = try await browser.get(location) }
        return pages
    }

    /// The text a person sees: no tags, no attribute values, entities decoded.
    static func visibleText(_ html: String) -> String {
        var text = html.replacingOccurrences(of: #"<head>[\s\S]*?</head>"#, with: " ", options: .regularExpression)
        text = text.replacingOccurrences(of: #"<[^>]+>"#, with: " ", options: .regularExpression)
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text
    }

    /// The codes the services store and the screens must translate: event names, mail kinds,
    /// token end reasons, credentials, and the words and keys of audit details.
    static var knownCodes: Set<String> {
        var codes = Set(AuditEventName.allCases.map(\.rawValue))
        for key in Language.ja.strings.keys {
            for prefix in ["staff_detail_code.", "staff_detail_key.", "staff_mail_kind.", "staff_token_end_reason.", "credential."]
            where key.hasPrefix(prefix) {
                codes.insert(String(key.dropFirst(prefix.count)).split(separator: ".").last.map(String.init) ?? "")
            }
        }
        return codes.filter { $0.contains("_") || $0.contains(where: \.isUppercase) }
    }

    static func codeWords(in text: String) -> Set<String> {
        let regex = try! NSRegularExpression(pattern: #"[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+|\b[a-z]+[A-Z][A-Za-z]*\b"#)
        return Set(regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range, in: text).map { String(text[$0]) }
        })
    }

    @Test(arguments: Language.allCases)
    func noStoredCodeShowsOnAnyScreen(language: Language) async throws {
        try await withTransferSite { site in
            try await makeHistory(site)
            let (browser, _) = try await site.staffBrowser()
            browser.setCookie("kyoei_lang", language.rawValue)
            let known = Self.knownCodes
            #expect(known.isSuperset(of: ["wrong_password", "otp_required", "otp_reset", "new_issue", "login_password", "notIssued"]))
            for (path, page) in try await screens(site, browser) {
                let text = Self.visibleText(page.body)
                let shown = Self.codeWords(in: text).intersection(known)
                #expect(shown.isEmpty, "\(language) \(path) shows \(shown.sorted())")
                // Plain words are codes only on the Japanese screen (English sentences use them).
                for stored in ["failures=", "staff:"] + (language == .ja ? [" customer ", " system "] : []) {
                    #expect(!text.contains(stored), "\(language) \(path) shows \(stored)")
                }
            }
        }
    }

    @Test func theClerkReadsLabels() async throws {
        try await withTransferSite { site in
            try await makeHistory(site)
            let (browser, _) = try await site.staffBrowser()
            let detail = try await browser.get("/staff/customers/\(site.customerID)")
            let tokens = detail.tableRows(id: "customer-tokens")
            #expect(tokens.contains { $0.last == "お客様による利用解除" }, "\(tokens)")
            #expect(tokens.contains { $0.last == "携帯電話の紛失（来店、本人確認済み）" }, "a reason the bank typed is shown as typed")
            let logins = detail.tableRows(id: "customer-logins")
            #expect(!logins.isEmpty)
            let audit = try await browser.get("/staff/audit?customer_id=\(site.customerID)")
            let details = audit.tableRows(id: "audit-rows").map { $0.last ?? "" }
            #expect(details.contains("パスワード誤り（連続失敗回数：1）"), "\(details)")
            #expect(details.contains("ログインパスワード"), "credential_locked names the credential")
            #expect(audit.tableRows(id: "audit-rows").contains { $0[3] == "お客様" })
            let mail = try await browser.get("/staff/mail")
            #expect(mail.body.contains("ワンタイムパスワード利用解除（当組合による）のお知らせ"), "the otp_reset mail by name")

            browser.setCookie("kyoei_lang", "en")
            let english = try await browser.get("/staff/audit?customer_id=\(site.customerID)")
            #expect(english.tableRows(id: "audit-rows").map { $0.last ?? "" }.contains("Wrong password (consecutive failures: 1)"))
            let englishDetail = try await browser.get("/staff/customers/\(site.customerID)")
            #expect(englishDetail.tableRows(id: "customer-tokens").contains { $0.last == "Turned off by the customer" })
        }
    }

    @Test func everyLockShowsWhereTheStatusIs() async throws {
        try await withTransferSite { site in
            let (browser, _) = try await site.staffBrowser()
            let before = try await browser.get("/staff/customers?login_id=tanaka")
            #expect(before.tableRows(id: "customer-results").first?.last == "利用中")
            for _ in 0..<5 {
                _ = try await site.bank.login.checkPassword(loginID: Site.loginID, password: "Wrong-Password-1", client: Self.client)
            }
            try await site.bank.database.transaction { db in
                for credential in [Credential.confirmationPassword, .mailPassword] {
                    for _ in 0..<5 {
                        _ = try await CredentialRecords.recordFailure(db, customerID: site.customerID, credential: credential,
                                                                      policy: site.bank.settings.lockout, at: site.clock.now())
                    }
                }
            }
            let list = try await browser.get("/staff/customers?login_id=tanaka")
            let status = try #require(list.tableRows(id: "customer-results").first?.last)
            #expect(status.replacingOccurrences(of: " ", with: "")
                == "利用中ロック中（ログインパスワード）ロック中（確認用パスワード）ロック中（メール通知パスワード）", "\(status)")
            #expect(list.body.contains(#"title="利用中・ロック中（ログインパスワード）・ロック中（確認用パスワード）・ロック中（メール通知パスワード）""#))
            let others = list.tableRows(id: "customer-results")
            #expect(others.count == 1)

            let detail = try await browser.get("/staff/customers/\(site.customerID)")
            let header = try #require(detail.firstCapture(#"<dd id="profile-status">([\s\S]*?)</dd>"#))
            for credential in ["login_password", "confirmation_password", "mail_password"] {
                #expect(header.contains(#"data-credential="\#(credential)""#), "\(credential) in the header")
            }
            #expect(!header.contains(#"data-credential="otp""#))
            #expect(header.contains("ロック中（ログインパスワード）"))
            let payee = try await browser.get("/staff/customers?login_id=\(Payee.loginID)")
            #expect(payee.tableRows(id: "customer-results").first?.last == "利用中", "another customer is not locked")

            browser.setCookie("kyoei_lang", "en")
            let english = try await browser.get("/staff/customers?login_id=tanaka")
            #expect(english.tableRows(id: "customer-results").first?.last?.contains("Locked (Login password)") == true)
        }
    }
}
