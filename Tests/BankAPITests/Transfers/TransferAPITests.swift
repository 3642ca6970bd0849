import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import HTTPTypes
import Testing

/// POST /api/v1/transfer-quotes then POST /transfers: the pages' 確認画面 and 実行 (the same
/// prepare, execute, checks, counters, mails and audit), and each refusal.
@Suite struct TransferAPITests {
    @Test(arguments: TestDatabases.engines)
    func quoteThenTransferPaysOnceAndShowsInTheHistory(_ engine: DatabaseEngine) async throws {
        try await withAPI(engine) { site in
            let suzuki = try await site.openPayee()
            let token = try await site.logIn()
            let quote = try await site.quote(token, destination: APISite.typed(suzuki.savings), amount: 30_000)
            #expect(quote.status == .created, "\(quote.body)")
            #expect(quote.json["route"] as? String == "other_branch")
            #expect(quote.json["amount"] as? Int == 30_000)
            let fee = try #require(quote.json["fee"] as? Int)
            #expect(fee > 0 && quote.json["total"] as? Int == 30_000 + fee)
            #expect(quote.json["limitApplies"] as? Bool == true)
            #expect(quote.json["remainingLimit"] as? Int == quote.json["dailyLimit"] as? Int, "nothing paid today yet")
            #expect(quote.json["mailPasswordRequired"] as? Bool == false && quote.json["mailPasswordSent"] as? Bool == false)
            let destination = try #require(quote.json["destination"] as? [String: any Sendable])
            #expect(destination["holderName"] as? String == suzuki.savings.holderName)
            let expires = try #require(quote.json["expiresAt"] as? String)
            #expect(expires.hasPrefix("2026-11-25T01:10"), "the idle time (600 s) after 10:00 JST: \(expires)")

            let made = try await site.transfer(token, quoteID: try #require(quote.json["quoteId"] as? String))
            #expect(made.status == .created, "\(made.body)")
            #expect(made.json["status"] as? String == "completed")
            #expect(made.headers[HTTPField.Name("Idempotent-Replayed")!] == nil)
            let reception = try #require(made.json["receptionNumber"] as? String)
            #expect(try await site.balance(site.customer.ordinary) == 100_000 - 30_000 - Int64(fee))
            #expect(try await site.balance(suzuki.savings) == 30_000)
            #expect(try await site.outbox(kind: "transfer_accepted").count == 1)
            #expect(try await site.apiAudit(event: "transfer").count == 1, "audited on the api channel")

            let shown = try await site.call(.get, "/api/v1/transfers/\(reception)", token: token)
            #expect(shown.status == .ok && shown.json["receptionNumber"] as? String == reception)
            #expect(shown.json["total"] as? Int == 30_000 + fee)
            // Once more with the same quote under a new key (even with a wrong password): the
            // quote paid once, and this request made nothing.
            let again = try await site.transfer(token, quoteID: try #require(quote.json["quoteId"] as? String), password: "bad")
            #expect(again.status == .conflict && again.problem == "transfer.quote_used", "\(again.body)")
            #expect(again.messages.ja.contains(reception) && again.fieldErrors["quoteId"] != nil)
            #expect(try await site.credential(.confirmationPassword).failures == 0, "nothing checked")
            #expect(try await site.transferCount() == 1)
            try await site.expectLedgerConsistent()
        }
    }

    @Test(arguments: TestDatabases.engines)
    func ownAccountsOtherBanksAndABookingForALaterDay(_ engine: DatabaseEngine) async throws {
        try await withAPI(engine) { site in
            _ = try await site.openPayee()
            let token = try await site.logIn()
            let own = try await site.quote(token, destination: ["ownAccountId": site.customer.savings.id], amount: 1_000)
            #expect(own.status == .created, "\(own.body)")
            #expect(own.json["fee"] as? Int == 0 && own.json["limitApplies"] as? Bool == false, "振替 is free and unlimited")
            let other = try await site.quote(token, destination: APISite.otherBank, amount: 5_000)
            #expect(other.status == .created && other.json["route"] as? String == "other_bank", "\(other.body)")
            let accepted = try await site.transfer(token, quoteID: try #require(other.json["quoteId"] as? String))
            #expect(accepted.json["status"] as? String == "accepted", "受付済 until the interbank batch")

            let booked = try await site.quote(token, destination: APISite.otherBank, amount: 2_000,
                                              extra: ["scheduledFor": "2026-11-26"])
            #expect(booked.status == .created, "\(booked.body)")
            #expect(booked.json["scheduledFor"] as? String == "2026-11-26")
            let scheduled = try await site.transfer(token, quoteID: try #require(booked.json["quoteId"] as? String))
            #expect(scheduled.status == .created && scheduled.json["status"] as? String == "scheduled", "\(scheduled.body)")
            #expect(scheduled.json["scheduledFor"] as? String == "2026-11-26")
            let past = try await site.quote(token, destination: APISite.otherBank, extra: ["scheduledFor": "2026-11-01"])
            #expect(past.status == .unprocessableContent && past.fieldErrors.keys.contains("scheduledFor"), "\(past.body)")
            try await site.expectLedgerConsistent()
        }
    }

    @Test(arguments: TestDatabases.engines)
    func quoteRefusalsNameTheFieldAndKeepNothing(_ engine: DatabaseEngine) async throws {
        try await withAPI(engine) { site in
            let suzuki = try await site.openPayee()
            let token = try await site.logIn()
            let zero = try await site.quote(token, destination: APISite.typed(suzuki.savings), amount: 0)
            #expect(zero.status == .unprocessableContent && zero.fieldErrors.keys.contains("amount"), "\(zero.body)")
            let none = try await site.quote(token, destination: [:])
            #expect(none.status == .unprocessableContent && none.fieldErrors["destination"] == "error.transfer.destination_choice")
            let both = try await site.quote(token, destination: ["ownAccountId": site.customer.savings.id, "payeeId": 1])
            #expect(both.fieldErrors["destination"] == "error.transfer.destination_choice")
            var typed = APISite.typed(suzuki.savings)
            typed["branchCode"] = "9x"
            let badBranch = try await site.quote(token, destination: typed)
            #expect(badBranch.fieldErrors.keys.contains("destination.branchCode"), "\(badBranch.body)")
            let funds = try await site.quote(token, destination: APISite.typed(suzuki.savings), amount: 100_001)
            #expect(funds.status == .unprocessableContent && funds.problem == "transfer.insufficient_funds", "\(funds.body)")
            let limit = try await site.quote(token, destination: APISite.typed(suzuki.savings), amount: 50_000_000)
            #expect(limit.status == .unprocessableContent && limit.problem == "transfer.over_daily_limit", "\(limit.body)")
            #expect(!limit.messages.ja.contains("{0}") && limit.messages.en.contains(","), "the amounts are filled in: \(limit.body)")
            let notMine = try await site.quote(token, destination: ["ownAccountId": suzuki.ordinary.id])
            #expect(notMine.status == .notFound, "another customer's account is no account: \(notMine.body)")
            let fromTheirs = try await site.quote(token, destination: APISite.otherBank, from: suzuki.ordinary.id)
            #expect(fromTheirs.status == .notFound)
            let unknownPayee = try await site.quote(token, destination: ["payeeId": 424_242])
            #expect(unknownPayee.status == .notFound && unknownPayee.problem == "payee.not_found")
            #expect(try await site.transferCount() == 0)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func transferRefusalsCountLikeThePagesAndPayNothing(_ engine: DatabaseEngine) async throws {
        try await withAPI(engine, lockoutLimit: 3) { site in
            let suzuki = try await site.openPayee()
            let token = try await site.logIn()
            let quoteID = try await site.quoteID(token, destination: APISite.typed(suzuki.savings))
            let wrong = try await site.transfer(token, quoteID: quoteID, password: "not-it")
            #expect(wrong.status == .unprocessableContent && wrong.problem == "confirmation_password.wrong", "\(wrong.body)")
            #expect(try await site.credential(.confirmationPassword).failures == 1)
            let empty = try await site.transfer(token, quoteID: quoteID, password: "")
            #expect(empty.status == .unprocessableContent && empty.fieldErrors.keys.contains("confirmationPassword"))

            // A quote is this session's: another session of the same customer cannot run it.
            let other = try await site.logIn()
            let foreign = try await site.transfer(other, quoteID: quoteID)
            #expect(foreign.status == .unprocessableContent && foreign.problem == "transfer.confirmation_expired", "\(foreign.body)")
            // Nor does it outlive the idle time (the controlled clock; the session is kept alive).
            let stale = try await site.quoteID(token, destination: APISite.typed(suzuki.savings), amount: 1_000)
            for _ in 0..<3 {
                site.clock.advance(by: 300)
                _ = try await site.call(.get, "/api/v1/accounts", token: token)
            }
            let expired = try await site.transfer(token, quoteID: stale)
            #expect(expired.status == .unprocessableContent && expired.problem == "transfer.confirmation_expired", "\(expired.body)")
            #expect(try await site.transferCount() == 0)

            // Two more wrong ones lock the 確認用パスワード; then even the right one is refused.
            let fresh = try await site.quoteID(token, destination: APISite.typed(suzuki.savings))
            _ = try await site.transfer(token, quoteID: fresh, password: "not-it-2")
            let locking = try await site.transfer(token, quoteID: fresh, password: "not-it-3")
            #expect(locking.status == .forbidden && locking.problem == "locked.confirmation_password", "\(locking.body)")
            let right = try await site.transfer(token, quoteID: fresh)
            #expect(right.status == .forbidden)
            #expect(try await site.transferCount() == 0)
            #expect(try await site.balance(site.customer.ordinary) == 100_000)
            #expect(try await site.apiAudit(event: "transfer").allSatisfy { $0.result == .refused })
        }
    }

    /// The money left between the quote and 実行: refused then, and the answer kept for the key.
    @Test(arguments: TestDatabases.engines)
    func fundsGoneSinceTheQuoteAreRefusedAtExecution(_ engine: DatabaseEngine) async throws {
        try await withAPI(engine) { site in
            let suzuki = try await site.openPayee()
            let token = try await site.logIn()
            let quoteID = try await site.quoteID(token, destination: APISite.typed(suzuki.savings), amount: 90_000)
            _ = try await site.bank.counter.post(.withdrawal, branch: "001", accountNumber: site.customer.ordinary.accountNumber,
                                                 amount: "50000", by: .operator(name: "test"))
            let key = UUID().uuidString
            let refused = try await site.transfer(token, quoteID: quoteID, key: key)
            #expect(refused.status == .unprocessableContent && refused.problem == "transfer.insufficient_funds", "\(refused.body)")
            #expect(try await site.transfer(token, quoteID: quoteID, key: key).body == refused.body, "kept for the key")
            #expect(try await site.transferCount() == 0)
            #expect(try await site.balance(suzuki.savings) == 0)
            try await site.expectLedgerConsistent()
        }
    }

    @Test(arguments: TestDatabases.engines)
    func theMailPasswordIsMailedByTheQuoteAndAskedFor(_ engine: DatabaseEngine) async throws {
        try await withAPI(engine) { site in
            let suzuki = try await site.openPayee()
            let token = try await site.logIn()
            try await site.turnOnMailPassword(token)
            let quote = try await site.quote(token, destination: APISite.typed(suzuki.savings))
            #expect(quote.json["mailPasswordRequired"] as? Bool == true && quote.json["mailPasswordSent"] as? Bool == true)
            let quoteID = try #require(quote.json["quoteId"] as? String)
            let missing = try await site.transfer(token, quoteID: quoteID)
            #expect(missing.status == .unprocessableContent && missing.fieldErrors.keys.contains("mailPassword"), "\(missing.body)")
            let wrong = try await site.transfer(token, quoteID: quoteID, extra: ["mailPassword": "AAAAAAAAAA"])
            #expect(wrong.status == .unprocessableContent && wrong.problem == "mail_password.incorrect", "\(wrong.body)")
            #expect(try await site.credential(.mailPassword).failures == 1)
            let password = try await site.mailedPassword(customerID: site.customer.customer.id)
            let paid = try await site.transfer(token, quoteID: quoteID, extra: ["mailPassword": password])
            #expect(paid.status == .created, "\(paid.body)")
            // 振替 to one's own account needs none and mails none.
            let mailed = try await site.outbox(kind: "mail_password").count
            let own = try await site.quote(token, destination: ["ownAccountId": site.customer.savings.id], amount: 100)
            #expect(own.json["mailPasswordRequired"] as? Bool == false && own.json["mailPasswordSent"] as? Bool == false)
            #expect(try await site.outbox(kind: "mail_password").count == mailed)
            try await site.expectLedgerConsistent()
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aTypedNameUnlikeTheHoldersNeedsTheHolderConfirmed(_ engine: DatabaseEngine) async throws {
        try await withAPI(engine) { site in
            let suzuki = try await site.openPayee()
            let token = try await site.logIn()
            let quote = try await site.quote(token, destination: APISite.typed(suzuki.savings, holderName: "ﾍﾞﾂﾉ ﾋﾄ"))
            #expect(quote.json["typedHolderName"] as? String == "ﾍﾞﾂﾉ ﾋﾄ", "\(quote.body)")
            let quoteID = try #require(quote.json["quoteId"] as? String)
            let unconfirmed = try await site.transfer(token, quoteID: quoteID)
            #expect(unconfirmed.status == .unprocessableContent && unconfirmed.fieldErrors["holderConfirmed"] != nil)
            let paid = try await site.transfer(token, quoteID: quoteID, extra: ["holderConfirmed": true])
            #expect(paid.status == .created, "\(paid.body)")
        }
    }
}
