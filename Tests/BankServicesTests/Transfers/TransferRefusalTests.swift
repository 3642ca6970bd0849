import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// Every refusal of a transfer leaves the money, the transfers, the ledger and the outbox
/// exactly as they were.
@Suite struct TransferRefusalTests {
    static func prepare(_ world: TransferWorld, _ party: Party? = nil, source: AccountRecord? = nil,
                        to choice: DestinationChoice? = nil, amount: String = "1000", cookie: String = "c") async throws
        -> TransferConfirmation {
        let party = party ?? world.payer
        return try await world.bank.transfers.prepare(by: .customer(id: party.id), sessionCookie: cookie,
                                                    sourceAccountID: (source ?? party.ordinary).id,
                                                    choice: choice ?? world.payee.typed(world.payee.ordinary), amount: amount)
    }

    @Test(arguments: TestDatabases.engines)
    func badAmountsAreRefusedByField(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let before = try await world.snapshot()
            for (amount, key) in [("0", "error.amount.not_positive"), ("-1000", "error.amount.not_positive"),
                                  ("－５００", "error.amount.not_positive"), ("abc", "error.amount.not_a_number"),
                                  ("1.5", "error.amount.not_a_number"), ("", "error.amount.empty"),
                                  ("1234567890123", "error.amount.too_large")] {
                await #expect(throws: BankError.invalidInput([FieldError(field: "amount", messageKey: key)]), "\(amount)") {
                    try await Self.prepare(world, amount: amount)
                }
            }
            #expect(try await world.snapshot() == before)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func amountPlusFeeMustBeCovered(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            // 鈴木 has 50,000円; 本店 → 田中's 吉田支店 account costs 220円 from 30,000円.
            let destination = world.payer.typed(world.payer.savings)
            let before = try await world.snapshot()
            await #expect(throws: BankError.transferRefused(.insufficientFunds(available: Yen(50_000), needed: Yen(50_001)))) {
                try await Self.prepare(world, world.payee, to: destination, amount: "49781")
            }
            #expect(try await world.snapshot() == before)
            try await world.transfer(world.payee, from: world.payee.ordinary, to: destination, amount: "49780")
            #expect(try await world.balance(world.payee.ordinary) == 0, "exactly the balance may be spent")
            try await world.expectLedgerConsistent()
        }
    }

    /// Funds are checked again at 実行: two 確認画面 made while the money was there.
    @Test(arguments: TestDatabases.engines)
    func fundsAreCheckedAgainAtExecution(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let destination = world.payer.typed(world.payer.ordinary)
            let first = try await Self.prepare(world, world.payee, to: destination, amount: "40000")
            let second = try await Self.prepare(world, world.payee, to: destination, amount: "40000")
            try await world.execute(world.payee, first, cookie: "c")
            let before = try await world.snapshot()
            await #expect(throws: BankError.transferRefused(.insufficientFunds(available: Yen(10_000), needed: Yen(40_000)))) {
                try await world.execute(world.payee, second, cookie: "c")
            }
            #expect(try await world.snapshot() == before)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func theDailyLimitMayBeReachedButNotPassed(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine, settings: TransferWorld.settings(dailyLimit: 100_000)) { world in
            let late = try await Self.prepare(world, amount: "60000")
            try await world.transfer(world.payer, from: world.payer.ordinary, to: world.payee.typed(world.payee.ordinary),
                                     amount: "60000")
            var before = try await world.snapshot()
            let refusal = TransferRefusal.overDailyLimit(remaining: Yen(40_000), limit: Yen(100_000))
            #expect(refusal.messageArguments == ["40,000", "100,000"], "the message says what is left")
            await #expect(throws: BankError.transferRefused(refusal)) { try await Self.prepare(world, amount: "40001") }
            // Prepared while the whole limit was free: execution counts today's transfers again.
            await #expect(throws: BankError.transferRefused(refusal)) { try await world.execute(world.payer, late, cookie: "c") }
            #expect(try await world.snapshot() == before)

            try await world.transfer(world.payer, from: world.payer.ordinary, to: world.payee.typed(world.payee.savings),
                                     amount: "40000")
            #expect(try await world.bank.transferLimits.status(by: .customer(id: world.payer.id)).remainingToday == .zero)
            before = try await world.snapshot()
            await #expect(throws: BankError.transferRefused(.overDailyLimit(remaining: .zero, limit: Yen(100_000)))) {
                try await Self.prepare(world, amount: "1")
            }
            #expect(try await world.snapshot() == before)

            // The next day (JST) the limit is whole again.
            world.clock.advance(by: 14 * 3600)
            try await world.transfer(world.payer, from: world.payer.ordinary, to: world.payee.typed(world.payee.ordinary),
                                     amount: "100000")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func onlyOwnAccountsAndRealDestinations(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let before = try await world.snapshot()
            await #expect(throws: BankError.notYourAccount, "another customer's 支払口座") {
                try await Self.prepare(world, source: world.payee.ordinary, to: world.payer.typed(world.payer.savings))
            }
            await #expect(throws: BankError.notYourAccount, "another customer's account as a 振替") {
                try await Self.prepare(world, to: .own(accountID: world.payee.savings.id))
            }
            await #expect(throws: BankError.transferRefused(.sameAccount)) {
                try await Self.prepare(world, to: .own(accountID: world.payer.ordinary.id))
            }
            await #expect(throws: BankError.transferRefused(.sameAccount), "the same account typed by hand") {
                try await Self.prepare(world, to: world.payer.typed(world.payer.ordinary))
            }
            let unknown: [(DestinationChoice, FieldError)] = [
                (.other(bankCode: "0001", branchCode: "100", accountType: "ordinary", accountNumber: "1234567", holderName: "ｱ"),
                 FieldError(field: "bank_code", messageKey: "error.transfer.unknown_bank")),
                (.other(bankCode: "0998", branchCode: "999", accountType: "ordinary", accountNumber: "1234567", holderName: "ｱ"),
                 FieldError(field: "branch_code", messageKey: "error.transfer.unknown_branch")),
                (.other(bankCode: "2999", branchCode: "009", accountType: "ordinary", accountNumber: "1000001", holderName: ""),
                 FieldError(field: "branch_code", messageKey: "error.transfer.unknown_branch")),
                (.other(bankCode: "2999", branchCode: "001", accountType: "ordinary", accountNumber: "7777777", holderName: ""),
                 FieldError(field: "account_number", messageKey: "error.transfer.no_such_account")),
                // The bank's own cash account is not a customer's account.
                (.other(bankCode: "2999", branchCode: "001", accountType: "ordinary", accountNumber: "9000001", holderName: ""),
                 FieldError(field: "account_number", messageKey: "error.transfer.no_such_account")),
                // The right number under the wrong 科目.
                (.other(bankCode: "2999", branchCode: "001", accountType: "savings",
                        accountNumber: world.payee.ordinary.accountNumber, holderName: ""),
                 FieldError(field: "account_number", messageKey: "error.transfer.no_such_account")),
            ]
            for (choice, error) in unknown {
                await #expect(throws: BankError.invalidInput([error]), "\(choice)") { try await Self.prepare(world, to: choice) }
            }
            #expect(try await world.snapshot() == before)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func wrongConfirmationPasswordsCountAndLock(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let confirmation = try await Self.prepare(world)
            let before = try await world.snapshot()
            await #expect(throws: BankError.invalidInput([FieldError(field: "confirmation_password",
                                                                     messageKey: "error.confirmation_password.required")])) {
                try await world.execute(world.payer, confirmation, cookie: "c", confirmationPassword: "")
            }
            for attempt in 1...4 {
                await #expect(throws: BankError.wrongConfirmationPassword, "attempt \(attempt)") {
                    try await world.execute(world.payer, confirmation, cookie: "c", confirmationPassword: "Wrong\(attempt)pass")
                }
                #expect(try await world.credential(world.payer, .confirmationPassword).failures == attempt)
            }
            await #expect(throws: BankError.credentialLocked(.confirmationPassword)) {
                try await world.execute(world.payer, confirmation, cookie: "c", confirmationPassword: "Wrong5pass")
            }
            await #expect(throws: BankError.credentialLocked(.confirmationPassword), "the right one after the lock") {
                try await world.execute(world.payer, confirmation, cookie: "c")
            }
            #expect(try await world.credential(world.payer, .confirmationPassword).isLocked)
            #expect(try await world.snapshot() == before.adding(outbox: 1), "nothing but the lock's notice")
            #expect(try await world.audit(world.payer, event: "credential_locked").count == 1)
            #expect(try await world.outbox(kind: "credential_locked").map(\.recipients) == [[world.payer.customer.pcEmail]])
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aConfirmationBelongsToItsSessionAndExpires(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let confirmation = try await Self.prepare(world, cookie: "session-a")
            let before = try await world.snapshot()
            await #expect(throws: BankError.confirmationExpired, "another session") {
                try await world.execute(world.payer, confirmation, cookie: "session-b")
            }
            await #expect(throws: BankError.confirmationExpired, "another customer") {
                try await world.execute(world.payee, confirmation, cookie: "session-a")
            }
            await #expect(throws: BankError.confirmationExpired, "a nonce the bank never wrote") {
                try await world.bank.transfers.execute(by: .customer(id: world.payer.id), sessionCookie: "session-a",
                                                     nonce: confirmation.nonce.uppercased(), confirmationPassword: "x",
                                                     mailPassword: "", session: [], client: TransferWorld.client)
            }
            #expect(try await world.snapshot() == before)

            // Just within the idle timeout it still runs; a second one made now expires.
            world.clock.advance(by: 599)
            #expect(try await world.bank.transfers.pendingConfirmation(by: .customer(id: world.payer.id), sessionCookie: "session-a",
                                                             nonce: confirmation.nonce) == confirmation)
            let stale = try await Self.prepare(world, cookie: "session-a")
            try await world.execute(world.payer, confirmation, cookie: "session-a")
            world.clock.advance(by: 600)
            let afterFirst = try await world.snapshot()
            #expect(try await world.bank.transfers.pendingConfirmation(by: .customer(id: world.payer.id), sessionCookie: "session-a",
                                                             nonce: stale.nonce) == nil)
            await #expect(throws: BankError.confirmationExpired) { try await world.execute(world.payer, stale, cookie: "session-a") }
            #expect(try await world.snapshot() == afterFirst)
        }
    }
}
