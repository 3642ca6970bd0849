import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import HTTPTypes
import Testing

/// The back office (事務管理部) in the in-process tests: a member of staff enrolled on the
/// site's bank, the code their authenticator app shows, and the two login steps as a browser
/// takes them.
enum StaffText {
    static let loginFailed = "職員IDまたはパスワードが正しくありません。"
    static let locked = "この職員IDは利用停止中です。"
    static let wrongCode = "ワンタイムパスワードが正しくありません。"
    static let timeout = "一定時間操作がなかったため"
    static let loggedOut = "ログアウトしました。"
    static let customerNotFound = "該当するお客様が見つかりません。"
    static let badge = #"<span class="staff-badge" id="staff-badge">事務管理部</span>"#
}

extension Site {
    /// The web tests' member of staff: the fixture world's 事務担当.
    static let staffID = StaffMember.clerk.staffID
    static let staffPassword = StaffMember.clerk.password
    static let staffName = StaffMember.clerk.name

    /// The clerk (or another member of staff with the clerk's password), enrolled.
    @discardableResult
    func enrollStaff(_ staffID: String = Site.staffID, name: String = Site.staffName,
                     role: StaffRole = StaffMember.clerk.role) async throws -> StaffEnrollment {
        try await enrollStaff(staffID, name: name, role: role, password: Site.staffPassword)
    }

    /// Password and code, as a person would; the clock moves on one step first so that no
    /// code is reused. Returns the answer to the code (a redirect to `/staff`).
    @discardableResult
    func staffLogIn(_ browser: Browser, _ enrollment: StaffEnrollment) async throws -> WebResponse {
        clock.advance(by: Double(bank.settings.staff.totp.step))
        let password = try await browser.staffPasswordStep(enrollment.staff.staffID)
        #expect(password.location == "/staff/login/otp", "password step: \(password.status)")
        let done = try await browser.staffCodeStep(try staffCode(enrollment))
        #expect(done.location == "/staff", "code step: \(done.status)")
        return done
    }

    /// A browser with a member of staff logged in (enrolled first when `enrollment` is nil).
    func staffBrowser(_ enrollment: StaffEnrollment? = nil) async throws -> (Browser, StaffEnrollment) {
        let enrolled: StaffEnrollment
        if let enrollment { enrolled = enrollment } else { enrolled = try await enrollStaff() }
        let browser = browser()
        try await staffLogIn(browser, enrolled)
        return (browser, enrolled)
    }

    /// Audit rows written by one member of staff, newest first.
    func staffAudit(event: String, staffID: String = Site.staffID) async throws -> [AuditEvent] {
        try await audit(event: event).filter { $0.actor == "staff:\(staffID)" }
    }
}

extension Browser {
    /// GET /staff/login, then the form with its token.
    @discardableResult
    func staffPasswordStep(_ staffID: String, _ password: String = Site.staffPassword,
                           headers: HTTPFields = [:]) async throws -> WebResponse {
        let page = try await get("/staff/login")
        let token = try #require(page.csrf)
        return try await post("/staff/login", form: [("_csrf", token), ("staff_id", staffID), ("password", password)],
                              headers: headers)
    }

    /// GET /staff/login/otp, then the code with the session's token.
    @discardableResult
    func staffCodeStep(_ code: String) async throws -> WebResponse {
        let page = try await get("/staff/login/otp")
        let token = try #require(page.csrf, "the code screen (\(page.status) \(page.location ?? ""))")
        return try await post("/staff/login/otp", form: [("_csrf", token), ("otp", code)])
    }

    /// The staff session's CSRF token, read from the home page's header forms.
    func staffToken() async throws -> String {
        let home = try await get("/staff")
        #expect(home.status == .ok)
        return try #require(home.csrf)
    }
}

extension WebResponse {
    /// Rows of a table body, each as its cells' text (tags inside cells removed).
    func tableRows(id: String) -> [[String]] {
        guard let table = firstCapture(#"<table[^>]*id="\#(id)"[^>]*>([\s\S]*?)</table>"#),
              let body = WebResponse(status: status, headers: headers, body: table).firstCapture(#"<tbody>([\s\S]*?)</tbody>"#)
        else { return [] }
        let rows = WebResponse(status: status, headers: headers, body: body).allCaptures(#"<tr[^>]*>([\s\S]*?)</tr>"#)
        return rows.map { row in
            WebResponse(status: status, headers: headers, body: row[0]).allCaptures(#"<td[^>]*>([\s\S]*?)</td>"#).map {
                $0[0].replacingOccurrences(of: #"<[^>]+>"#, with: "", options: .regularExpression)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }
    }
}

extension Site {
    /// Each back-office screen once, reached by its own links and forms, for the test that
    /// renders every template (PagesTests).
    func renderStaffScreens(language: String? = nil) async throws -> [String: WebResponse] {
        let enrollment = try await enrollStaff("render01")
        let browser = browser()
        if let language { browser.setCookie("kyoei_lang", language) }
        var rendered = ["staff_login": try await browser.get("/staff/login")]
        clock.advance(by: Double(bank.settings.staff.totp.step))
        try await browser.staffPasswordStep("render01")
        rendered["staff_login_otp"] = try await browser.get("/staff/login/otp")
        try await browser.staffCodeStep(try staffCode(enrollment))
        rendered["staff_home"] = try await browser.get("/staff")
        rendered["staff_customers"] = try await browser.get("/staff/customers?login_id=tanaka")
        rendered["staff_customer"] = try await browser.get("/staff/customers/\(customer.customer.id)")
        rendered["staff_audit"] = try await browser.get("/staff/audit")
        rendered["staff_compensation"] = try await browser.get("/staff/compensation?customer_id=\(customer.customer.id)")
        rendered["staff_error"] = try await browser.get("/staff/customers/999999")
        rendered.merge(try await renderOperationsScreens(browser)) { first, _ in first }
        rendered.merge(try await renderStaffCounterScreens(browser)) { first, _ in first }
        rendered["staff_access"] = try await browser.get("/staff/customers/\(customer.customer.id)/access")
        rendered["staff_requests"] = try await browser.get("/staff/requests?status=all")
        let access = try #require(rendered["staff_access"]?.csrf)
        let made = try await browser.post("/staff/customers/\(customer.customer.id)/limit",
                                          form: [("_csrf", access), ("amount", "5000000"), ("reason", "render")])
        rendered["staff_request"] = try await browser.get(try #require(made.location))
        return rendered
    }

    /// What marks each back-office screen as itself.
    static let staffMarkers = [
        "staff_login": #"id="staff-login-form""#, "staff_login_otp": #"id="staff-otp-form""#,
        "staff_home": #"id="menu-customers""#, "staff_customers": #"id="customer-results""#,
        "staff_customer": #"id="customer-credentials""#, "staff_audit": #"id="audit-rows""#,
        "staff_compensation": #"id="compensation-entries""#, "staff_error": #"id="back-home""#,
        "staff_mail": #"id="mail-filters""#, "staff_interbank": #"id="interbank-filters""#, "staff_ledger": #"id="ledger-ok""#,
        "staff_access": #"id="access-limit""#, "staff_requests": #"id="requests-filter""#, "staff_request": #"id="request-detail""#,
    ].merging(staffCounterMarkers) { first, _ in first }
}
