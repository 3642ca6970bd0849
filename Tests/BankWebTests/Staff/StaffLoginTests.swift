import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Testing

/// 事務管理部ログイン: password, then the code, always; its own cookie, CSRF tokens, lockout
/// and idle time, and no way in for a customer's session (nor out for a staff one).
@Suite struct StaffLoginTests {
    static let staffPages = ["/staff", "/staff/customers", "/staff/customers?login_id=tanaka", "/staff/customers/1",
                             "/staff/audit", "/staff/audit.csv", "/staff/compensation", "/staff/compensation?customer_id=1"]

    @Test func loginPageIsTheBackOfficesOwn() async throws {
        try await withSite { site in
            let browser = site.browser()
            let page = try await browser.get("/staff/login")
            #expect(page.status == .ok)
            #expect(page.body.contains("<title>事務管理部ログイン"))
            #expect(page.body.contains(#"<body class="staff">"#))
            #expect(page.body.contains(StaffText.badge), "the header says 事務管理部")
            #expect(page.body.contains(#"<label for="staff_id">職員ID</label>"#))
            #expect(page.body.contains(#"<label for="password">パスワード</label>"#))
            #expect(page.body.contains(#"id="staff-login-button">ログイン</button>"#))
            #expect(page.body.contains(#"action="/staff/login""#))
            #expect(!page.body.contains(#"action="/login""#), "nothing posts to the customer site")

            let cookie = try #require(page.cookie("kyoei_staff_prelogin"))
            #expect(isLowerHex64(cookie.value) && page.csrf == cookie.value)
            #expect(cookie["Path"] == "/staff")
            #expect(cookie["SameSite"] == "Strict")
            #expect(cookie.has("HttpOnly") && !cookie.has("Secure"))
            #expect(page.cookie("kyoei_prelogin") == nil, "the customer site's token is not touched")
        }
    }

    @Test func passwordThenCodeOpensTheBackOfficeWithANewSessionID() async throws {
        try await withSite { site in
            let enrollment = try await site.enrollStaff()
            let browser = site.browser()
            site.clock.advance(by: 60)
            let password = try await browser.staffPasswordStep(Site.staffID)
            #expect(password.status == .seeOther)
            #expect(password.location == "/staff/login/otp")
            let waiting = try #require(password.cookie("kyoei_staff"))
            #expect(isLowerHex64(waiting.value))
            #expect(waiting["Path"] == "/staff")
            #expect(waiting["SameSite"] == "Strict")
            #expect(waiting.has("HttpOnly") && !waiting.has("Secure"))
            #expect(waiting["Max-Age"] == nil, "a browser-session cookie")
            #expect(password.cookie("kyoei_staff_prelogin")?.isDeletion == true)
            #expect(password.cookie("kyoei_session") == nil)

            // Until the code passes, every back-office page leads to the code screen.
            for path in Self.staffPages {
                let refused = try await browser.get(path)
                #expect(refused.status == .seeOther, "\(path)")
                #expect(refused.location == "/staff/login/otp", "\(path)")
                #expect(!refused.body.contains("田中"), "\(path)")
            }
            let codeScreen = try await browser.get("/staff/login/otp")
            #expect(codeScreen.status == .ok)
            #expect(codeScreen.body.contains(#"<label for="otp">ワンタイムパスワード</label>"#))
            #expect(codeScreen.body.contains(#"id="staff-otp-button">認証</button>"#))
            #expect(codeScreen.body.contains(StaffText.badge))
            #expect(try await site.staffAudit(event: "staff_view").isEmpty, "no customer data was read")

            let done = try await browser.staffCodeStep(try site.staffCode(enrollment))
            #expect(done.status == .seeOther)
            #expect(done.location == "/staff")
            let session = try #require(done.cookie("kyoei_staff"))
            #expect(isLowerHex64(session.value) && session.value != waiting.value, "the session id changes")
            #expect(session["Path"] == "/staff" && session["SameSite"] == "Strict")
            #expect(try await site.staffSessionCount() == 1, "the waiting session was replaced")

            let home = try await browser.get("/staff")
            #expect(home.status == .ok)
            #expect(home.body.contains("<h1>ホーム</h1>"))
            #expect(home.body.contains(#"<dd id="profile-name">窓口 一郎</dd>"#))
            #expect(home.body.contains(#"<dd id="profile-role">事務担当</dd>"#))
            #expect(home.body.contains(#"id="staff-name">窓口 一郎（clerk01・事務担当）</span>"#))
            #expect(home.body.contains(#"href="/staff/customers" id="menu-customers">顧客検索</a>"#))
            #expect(home.body.contains(#"href="/staff/audit" id="menu-audit">監査ログ</a>"#))
            #expect(home.body.contains(#"href="/staff/compensation" id="menu-compensation">補償判定資料</a>"#))
            #expect(home.body.contains(#"<form method="post" action="/staff/logout""#))
            let token = try #require(home.csrf)
            #expect(isLowerHex64(token) && token != session.value)
            #expect(try await browser.get("/staff/login/otp").location == "/staff", "the code screen is done with")

            // The waiting cookie replayed opens nothing.
            let replay = site.browser()
            replay.setCookie("kyoei_staff", waiting.value)
            #expect(try await replay.get("/staff").location == "/staff/login?reason=ended")

            let logins = try await site.staffAudit(event: "staff_login")
            #expect(logins.count == 1 && logins.first?.result == .success)
            #expect(logins.first?.userAgent == Site.userAgent)
        }
    }

    @Test func wrongPasswordAndUnknownIDReadTheSame() async throws {
        try await withSite { site in
            try await site.enrollStaff()
            for (staffID, password) in [(Site.staffID, "Wrong2026password"), ("nobody99", Site.staffPassword)] {
                let browser = site.browser()
                let answer = try await browser.staffPasswordStep(staffID, password)
                #expect(answer.status == .unauthorized)
                expectErrorList(answer, StaffText.loginFailed)
                #expect(answer.cookie("kyoei_staff") == nil)
                #expect(answer.body.contains(#"value="\#(staffID)""#), "the ID is kept in the form")
                #expect(!answer.body.contains(password))
            }
            let empty = try await site.browser().staffPasswordStep("", "")
            #expect(empty.status == .badRequest)
            expectErrorList(empty, "職員IDを入力してください。")
            expectErrorList(empty, "パスワードを入力してください。")
            #expect(try await site.staffSessionCount() == 0)
        }
    }

    @Test func wrongPasswordsLockTheStaffID() async throws {
        try await withSite { site in
            try await site.enrollStaff()
            let browser = site.browser()
            for attempt in 1...4 {
                let answer = try await browser.staffPasswordStep(Site.staffID, "Wrong2026password")
                #expect(answer.status == .unauthorized, "attempt \(attempt)")
            }
            let fifth = try await browser.staffPasswordStep(Site.staffID, "Wrong2026password")
            #expect(fifth.status == .forbidden)
            expectErrorList(fifth, StaffText.locked)
            let right = try await browser.staffPasswordStep(Site.staffID)
            #expect(right.status == .forbidden, "locked: the right password does not open it either")
            expectErrorList(right, StaffText.locked)
            #expect(right.cookie("kyoei_staff") == nil)
            #expect(try await site.staffSessionCount() == 0)
            #expect(try await site.bank.staff.member(staffID: Site.staffID).isLocked)
        }
    }

    @Test func wrongCodesStayOnTheCodeScreenThenLock() async throws {
        try await withSite { site in
            let enrollment = try await site.enrollStaff()
            let browser = site.browser()
            site.clock.advance(by: 60)
            try await browser.staffPasswordStep(Site.staffID)
            let right = try site.staffCode(enrollment)
            let wrong = right == "000000" ? "111111" : "000000"
            let empty = try await browser.staffCodeStep(" ")
            #expect(empty.status == .badRequest)
            expectErrorList(empty, "ワンタイムパスワードを入力してください。")
            for attempt in 1...4 {
                let answer = try await browser.staffCodeStep(wrong)
                #expect(answer.status == .unauthorized, "attempt \(attempt)")
                expectErrorList(answer, StaffText.wrongCode)
                #expect(answer.body.contains(#"id="staff-otp-form""#))
                #expect(try await browser.get("/staff").location == "/staff/login/otp")
            }
            let locked = try await browser.staffCodeStep(wrong)
            #expect(locked.status == .forbidden)
            expectErrorList(locked, StaffText.locked)
            #expect(locked.body.contains(#"id="staff-login-form""#), "back at the first step")
            #expect(locked.cookie("kyoei_staff")?.isDeletion == true)
            #expect(try await site.staffSessionCount() == 0)
            #expect(try await browser.get("/staff").location == "/staff/login")
            // Locked: even the right password is refused until the lock is cleared.
            #expect(try await browser.staffPasswordStep(Site.staffID).status == .forbidden)
        }
    }
}
