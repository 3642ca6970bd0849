import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Testing

/// Consecutive wrong login passwords lock the login; the bank unlocks; every attempt is audited.
@Suite struct LockoutTests {
    @Test func fiveWrongPasswordsLockAndOnlyTheBankUnlocks() async throws {
        try await withSite { site in
            let browser = site.browser()
            for attempt in 1...4 {
                let response = try await browser.logIn(Site.loginID, "WrongPassw0rd\(attempt)")
                #expect(response.status == .unauthorized, "attempt \(attempt)")
                expectErrorList(response, Text.invalidLogin)
                #expect(!response.body.contains(Text.locked))
            }
            let fifth = try await browser.logIn(Site.loginID, "WrongPassw0rd5")
            #expect(fifth.status == .forbidden)
            expectErrorList(fifth, Text.locked)
            #expect(!fifth.body.contains(Text.invalidLogin))

            // The right password no longer helps, from any browser.
            let correct = try await site.browser().logIn()
            #expect(correct.status == .forbidden)
            expectErrorList(correct, Text.locked)
            #expect(correct.cookie("kyoei_session") == nil)
            #expect(try await site.sessionCount() == 0)
            // Identical answer for the right and a wrong password once locked.
            let rightAfterLock = try await browser.logIn()
            let wrongAfterLock = try await browser.logIn(Site.loginID, "WrongPassw0rd6")
            #expect(wrongAfterLock.status == rightAfterLock.status)
            #expect(wrongAfterLock.body == rightAfterLock.body)

            let cleared = try await site.bank.counter.unlock(loginID: Site.loginID, credential: .loginPassword, by: .operator(name: "clerk1"))
            #expect(cleared == [.loginPassword])
            let afterUnlock = try await site.browser().logIn()
            #expect(afterUnlock.status == .seeOther)
            #expect(afterUnlock.location == "/menu")
        }
    }

    @Test func successResetsTheCounter() async throws {
        try await withSite { site in
            let browser = site.browser()
            for _ in 1...4 { #expect(try await browser.logIn(Site.loginID, "WrongPassw0rd").status == .unauthorized) }
            #expect(try await site.browser().logIn().location == "/menu")
            for attempt in 1...4 {
                let response = try await browser.logIn(Site.loginID, "WrongPassw0rd")
                #expect(response.status == .unauthorized, "attempt \(attempt) after the reset")
                #expect(!response.body.contains(Text.locked))
            }
            #expect(try await site.browser().logIn().location == "/menu", "4 failures do not lock")
            // And the count starts again: five in a row still lock.
            for _ in 1...4 { try await browser.logIn(Site.loginID, "WrongPassw0rd") }
            expectErrorList(try await browser.logIn(Site.loginID, "WrongPassw0rd"), Text.locked)
        }
    }

    @Test func unknownLoginIDLocksLikeAKnownOne() async throws {
        try await withSite { site in
            let browser = site.browser()
            var answers: [WebResponse] = []
            for _ in 1...5 { answers.append(try await browser.logIn("ghost007", "WrongPassw0rd")) }
            for response in answers.prefix(4) {
                #expect(response.status == .unauthorized)
                expectErrorList(response, Text.invalidLogin)
            }
            #expect(answers[4].status == .forbidden)
            expectErrorList(answers[4], Text.locked)

            // The same page a locked real customer gets, but for the echoed ID.
            for _ in 1...5 { try await browser.logIn(Site.loginID, "WrongPassw0rd") }
            let real = try await browser.logIn(Site.loginID, "WrongPassw0rd")
            let ghost = try await browser.logIn("ghost007", "WrongPassw0rd")
            #expect(real.status == ghost.status)
            #expect(real.body.replacingOccurrences(of: Site.loginID, with: "ID") == ghost.body.replacingOccurrences(of: "ghost007", with: "ID"))
        }
    }

    @Test func lockoutLimitIsConfigurable() async throws {
        try await withSite(lockoutLimit: 3) { site in
            let browser = site.browser()
            var answers: [WebResponse] = []
            for _ in 1...3 { answers.append(try await browser.logIn(Site.loginID, "WrongPassw0rd")) }
            answers.append(try await browser.logIn())
            #expect(answers.map(\.status) == [.unauthorized, .unauthorized, .forbidden, .forbidden])
            expectErrorList(answers[2], Text.locked)
            expectErrorList(answers[3], Text.locked)
        }
    }

    /// Over a real socket so the audit trail gets a real peer address.
    @Test func loginAttemptsAreAuditedWithAddressAndUserAgent() async throws {
        try await withSite(setup: .live) { site in
            let browser = site.browser(userAgent: "Mozilla/5.0 (KyoeiAudit)")
            try await browser.logIn(Site.loginID, "WrongPassw0rd")
            #expect(try await browser.logIn().location == "/menu")
            for _ in 1...5 { try await browser.logIn(Site.loginID, "WrongPassw0rd") }
            try await browser.logIn()  // refused: locked
            try await browser.logIn("ghost007", "WrongPassw0rd")

            let customerID = site.customer.customer.id
            let trail = try await site.bank.audit.trail(loginID: Site.loginID, limit: 100)
            let logins = trail.filter { $0.event == "login" }.reversed().map { $0 }
            #expect(logins.map(\.result) == [.failure, .success, .failure, .failure, .failure, .failure, .failure, .refused])
            for row in logins {
                #expect(row.customerID == customerID)
                #expect(row.loginID == Site.loginID)
                #expect(row.userAgent == "Mozilla/5.0 (KyoeiAudit)")
                #expect(["127.0.0.1", "::1"].contains(row.ip), "peer address recorded, got '\(row.ip)'")
                #expect(row.factors.presented == [.loginPassword])
                #expect(row.factors.inForce == [.loginPassword])
            }
            #expect(logins.first?.detail.contains("wrong_password") == true)
            #expect(logins.last?.detail == "locked")

            let locked = trail.filter { $0.event == "credential_locked" }
            #expect(locked.count == 1, "one lock event, not one per failure")
            #expect(locked.first?.detail == Credential.loginPassword.rawValue)
            #expect(locked.first?.userAgent == "Mozilla/5.0 (KyoeiAudit)")

            let anonymous = try await site.audit(event: "login").filter { $0.customerID == nil }
            #expect(anonymous.count == 1)
            #expect(anonymous.first?.loginID == nil, "a typed ID that matches nobody is not stored (it may be a password)")
            #expect(anonymous.first?.result == .failure)
            #expect(anonymous.first?.detail.hasPrefix("unknown_login_id id_hash=") == true)
            #expect(anonymous.first?.detail.contains("ghost007") == false)
            #expect(anonymous.first?.userAgent == "Mozilla/5.0 (KyoeiAudit)")

            _ = try await site.bank.counter.unlock(loginID: Site.loginID, credential: nil, by: .operator(name: "clerk1"))
            let unlock = try #require(try await site.audit(event: "unlock").first)
            #expect(unlock.actor == "staff:clerk1")
            #expect(unlock.customerID == customerID)
        }
    }

    @Test func auditInRouterModeStillHasTheUserAgent() async throws {
        try await withSite { site in
            try await site.browser(userAgent: "UA-Router-Test").logIn()
            let row = try #require(try await site.audit(event: "login").first)
            #expect(row.result == .success)
            #expect(row.userAgent == "UA-Router-Test")
            let long = String(repeating: "u", count: 2000)
            try await site.browser(userAgent: long).logIn(Site.loginID, "WrongPassw0rd")
            let truncated = try #require(try await site.audit(event: "login").first)
            #expect(truncated.userAgent.count == 512, "user agents are cut to 512 characters")
        }
    }
}
