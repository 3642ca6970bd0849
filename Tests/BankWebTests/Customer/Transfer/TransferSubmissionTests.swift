import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import HTTPTypes
import Testing

/// One 確認画面 pays at most once: double clicks, replays, stale or forged submissions, and
/// GET requests never pay (again).
@Suite struct TransferSubmissionTests {
    @Test func doubleSubmissionPaysOnceAndBothLandOnTheSameResult() async throws {
        try await withTransferSite { site in
            let payee = try await site.payeeCustomerAsPayee()
            let target = try await site.payeeAccount()
            let browser = site.browser()
            try await browser.logIn()
            let (nonce, _) = try await site.prepare(browser, destination: "customer:\(payee.id)", amount: "10000")
            let token = try await browser.sessionToken()
            let form = [("_csrf", token), ("nonce", nonce), ("confirmation_password", SeededCustomer.confirmationPassword)]
            // Two clicks in flight at once.
            async let one = browser.post("/transfer/execute", form: form)
            async let two = browser.post("/transfer/execute", form: form)
            let (first, second) = try await (one, two)
            #expect(first.status == .seeOther && second.status == .seeOther)
            let reception = try #require(first.receptionNumber)
            #expect(second.receptionNumber == reception)
            // A reload of the POST later, even with a wrong password, finds the same transfer.
            let replay = try await site.execute(browser, nonce: nonce, confirmation: "Wrong12345")
            #expect(replay.receptionNumber == reception)
            #expect(try await site.transfers().count == 1)
            #expect(try await site.balance(site.customer.ordinary.id) == 90_000)
            #expect(try await site.balance(target.id) == 10_000)
            #expect(try await site.outbox(kind: "transfer_accepted").count == 1)
            #expect(try await site.audit(event: "transfer").count == 1)
            // The used 確認画面 cannot be shown again.
            let used = try await browser.get("/transfer/confirm?nonce=\(nonce)")
            #expect(used.status == .gone)
            #expect(used.body.contains(TransferText.expired))
        }
    }

    @Test func aConfirmationOlderThanTheIdleTimeoutMustBeStartedAgain() async throws {
        try await withTransferSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let (nonce, _) = try await site.prepare(browser, destination: "own:\(site.customer.savings.id)", amount: "1000")
            // The session is kept alive; the 確認画面 still grows old.
            site.clock.advance(by: 599)
            #expect(try await browser.get("/menu").status == .ok)
            site.clock.advance(by: 2)
            let stale = try await site.execute(browser, nonce: nonce)
            #expect(stale.status == .gone)
            #expect(stale.body.contains(TransferText.expired))
            #expect(stale.body.contains(#"<a href="/transfer" id="restart">"#))
            #expect(try await browser.get("/transfer/confirm?nonce=\(nonce)").status == .gone)
            // Unknown and malformed nonces read the same.
            for bogus in [String(repeating: "a", count: 64), "not-a-nonce", ""] {
                let answer = try await site.execute(browser, nonce: bogus)
                #expect(answer.status == .gone, "nonce \(bogus)")
                #expect(answer.body.contains(TransferText.expired))
            }
            #expect(try await site.transfers().isEmpty)
            #expect(try await site.balance(site.customer.ordinary.id) == 100_000)
        }
    }

    @Test func aConfirmationBelongsToItsSession() async throws {
        try await withTransferSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let (nonce, _) = try await site.prepare(browser, destination: "own:\(site.customer.savings.id)", amount: "1000")
            // The same customer in another browser (a stolen nonce, a second tab after re-login).
            let other = site.browser()
            try await other.logIn()
            #expect(try await other.get("/transfer/confirm?nonce=\(nonce)").status == .gone)
            #expect(try await site.execute(other, nonce: nonce).status == .gone)
            #expect(try await site.transfers().isEmpty)
            #expect(try await site.execute(browser, nonce: nonce).receptionNumber != nil)
        }
    }

    @Test func forgedPostsAreRefusedAndPayNothing() async throws {
        try await withTransferSite { site in
            let payee = try await site.payeeCustomerAsPayee()
            let browser = site.browser()
            try await browser.logIn()
            let (nonce, _) = try await site.prepare(browser, destination: "customer:\(payee.id)", amount: "10000")
            let fields = [("nonce", nonce), ("confirmation_password", SeededCustomer.confirmationPassword)]
            let missing = try await browser.post("/transfer/execute", form: fields)
            let wrongToken = try await browser.post("/transfer/execute", form: [("_csrf", String(repeating: "ab", count: 32))] + fields)
            let foreign = try await site.execute(browser, nonce: nonce, headers: [.origin: "https://evil.example"])
            for (name, response) in [("missing", missing), ("wrong token", wrongToken), ("foreign origin", foreign)] {
                #expect(response.status == .forbidden, "\(name)")
                #expect(response.body.contains(Text.csrfError), "\(name)")
            }
            // The other steps too: no destination chosen, no 確認画面, no payee, no setting.
            #expect(try await browser.post("/transfer/select", form: [("source", String(site.customer.ordinary.id)),
                                                                      ("destination", "customer:\(payee.id)"), ("action", "next")]).status == .forbidden)
            #expect(try await browser.post("/transfer/confirm", form: [("source", String(site.customer.ordinary.id)),
                                                                       ("to", "customer:\(payee.id)"), ("amount", "1")]).status == .forbidden)
            #expect(try await browser.post("/payees/new", form: [("bank_code", "0998"), ("branch_code", "201"),
                                                                 ("account_number", "1234567"), ("holder_name", "ﾔﾏﾀﾞ")]).status == .forbidden)
            #expect(try await browser.post("/mail-password", form: [("use", "on"), ("address", "tanaka01@example.jp")]).status == .forbidden)
            #expect(try await site.transfers().isEmpty)
            #expect(try await site.confirmationCount() == 1)
            #expect(try await site.payeeRecords(.customer).count == 1)
            #expect(try await site.extraFactor() == ExtraFactorState.none)
            #expect(try await site.credentialState(.confirmationPassword).failures == 0, "a forged POST is not even an attempt")
            // The genuine 実行 still works.
            #expect(try await site.execute(browser, nonce: nonce).receptionNumber != nil)
        }
    }

    @Test func getRequestsNeverChangeAnything() async throws {
        try await withTransferSite { site in
            let payee = try await site.payeeCustomerAsPayee()
            let browser = site.browser()
            try await browser.logIn()
            try await site.setMailPassword(browser, use: true)
            let (nonce, _) = try await site.prepare(browser, destination: "customer:\(payee.id)", amount: "10000")
            let mails = try await site.mailCount()
            let reads = ["/transfer", "/transfer?source=\(site.customer.ordinary.id)",
                         "/transfer/amount?source=\(site.customer.ordinary.id)&to=customer:\(payee.id)&sent=1",
                         "/transfer/other?source=\(site.customer.ordinary.id)", "/transfer/confirm?nonce=\(nonce)",
                         "/payees", "/payees/new", "/payees/\(payee.id)/delete", "/mail-password", "/mail-password/done?use=on"]
            for path in reads + reads {
                #expect(try await browser.get(path).status == .ok, "\(path)")
            }
            for path in ["/transfer/execute?nonce=\(nonce)&confirmation_password=\(SeededCustomer.confirmationPassword)",
                         "/transfer/select?source=\(site.customer.ordinary.id)&destination=customer:\(payee.id)&action=next"] {
                #expect(try await browser.get(path).status == .methodNotAllowed, "\(path) is POST only")
            }
            #expect(try await site.mailCount() == mails, "no mail password mailed by a GET")
            #expect(try await site.confirmationCount() == 1)
            #expect(try await site.transfers().isEmpty)
            #expect(try await site.payeeRecords(.customer).count == 1)
            #expect(try await site.extraFactor() == .mailPassword)
            // Without a session every one of them sends to the login screen.
            let stranger = site.browser()
            for path in reads { #expect(try await stranger.get(path).location == "/login", "\(path)") }
        }
    }
}
