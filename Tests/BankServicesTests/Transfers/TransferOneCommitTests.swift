import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Synchronization
import Testing

/// 実行 is one database transaction and one commit (issue 20): the 確認用パスワード's counted
/// attempt, the nonce, the checks, the posting, the transfer row, its mail and its audit row
/// together, in a few round trips — counted on a bank over the same database that counts
/// what it is asked (`CountingDatabase`). And what the password checked before that
/// transaction must still guarantee: a wrong one counted once, a right one's count cleared
/// also when the transfer is refused, a lock set meanwhile refusing even a right one.
@Suite struct TransferOneCommitTests {
    /// The most round trips one 実行 may take on PostgreSQL (statements, BEGIN and COMMIT): one
    /// statement before the hash (the 確認画面, customer, factor, counters), then one transaction
    /// of BEGIN, the claim (customer locked, count cleared, nonce claimed), the posting's facts,
    /// the ledger posting with the transfer row, its mail and audit row, COMMIT — 6 for every
    /// kind (it was 11–13 in two statements' forms, then 7 with the posting a statement of its
    /// own). SQLite sends each part as statements of its own (`StepForm`), in-process: 15–17.
    static func roundTripBudget(_ engine: DatabaseEngine) -> Int { engine == .postgres ? 6 : 17 }
    /// With a メール通知パスワード: its row read before the hash, its count and spending in the claim
    /// (on SQLite three statements more).
    static func mailPasswordRoundTripBudget(_ engine: DatabaseEngine) -> Int { engine == .postgres ? 7 : 20 }

    /// The world's bank again, over a database that counts (and a hasher the test may arm).
    static func counted(_ world: TransferWorld, hasher: any PasswordHashing = TestDatabases.cheapHasher) -> (Bank, CountingDatabase) {
        let database = CountingDatabase(world.bank.database)
        let bank = Bank(database: database, clock: world.clock, hasher: hasher, settings: world.bank.context.settings,
                        logger: TestDatabases.logger)
        return (bank, database)
    }

    static func execute(_ bank: Bank, _ world: TransferWorld, _ confirmation: TransferConfirmation, cookie: String,
                        password: String = SeededCustomer.confirmationPassword, mailPassword: String = "") async throws -> TransferOutcome {
        try await bank.transfers.execute(by: .customer(id: world.payer.id), sessionCookie: cookie, nonce: confirmation.nonce,
                                         confirmationPassword: password, mailPassword: mailPassword,
                                         session: TransferWorld.session, client: TransferWorld.client)
    }

    @Test(arguments: TestDatabases.engines)
    func everyKindOfTransferCommitsOnceInAFewRoundTrips(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let (bank, database) = Self.counted(world)
            let kinds: [(String, DestinationChoice)] = [("振替", .own(accountID: world.payer.savings.id)),
                                                        ("this bank", world.payer.typed(world.payee.ordinary)),
                                                        ("another bank", TransferWorld.otherBank)]
            for (name, choice) in kinds {
                let cookie = TransferWorld.cookie()
                let confirmation = try await world.bank.transfers.prepare(
                    by: .customer(id: world.payer.id), sessionCookie: cookie, sourceAccountID: world.payer.ordinary.id,
                    choice: choice, amount: "3000")
                let before = try await world.balance(world.payer.ordinary)
                database.reset()
                let outcome = try await Self.execute(bank, world, confirmation, cookie: cookie)
                let counts = database.counts
                #expect(!outcome.replayed, "\(name)")
                #expect(counts.commits == 1 && counts.transactions == 1, "\(name): one transaction, one commit: \(counts)")
                #expect(counts.reads == 1, "\(name): one read before the hash: \(counts)")
                #expect(counts.roundTrips <= Self.roundTripBudget(engine), "\(name): \(counts)")
                #expect(try await world.balance(world.payer.ordinary) == before - 3000 - confirmation.fee.value, "\(name): paid")
                let success = try await world.audit(world.payer, event: "transfer").first
                #expect(success?.result == .success && success?.detail.contains(outcome.transfer.receptionNumber) == true, "\(name)")
                let mail = try await world.bank.database.read { db in try await OutboxRecords.list(db, limit: 1).first }
                #expect(mail?.kind == "transfer_accepted", "\(name): the mail in the same commit")
                #expect(try MailText.body(try #require(mail)).contains(outcome.transfer.receptionNumber), "\(name): its 受付番号")
            }
            try await world.expectLedgerConsistent()
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aTransferWithTheMailedPasswordCommitsOnceToo(engine: DatabaseEngine) async throws {
        try await MailPasswordTransferTests.withMailPassword(engine) { world, payeeID in
            let (bank, database) = Self.counted(world)
            let choice = DestinationChoice.customerPayee(id: payeeID)
            _ = try await MailPasswordTransferTests.select(world, choice)
            let password = try await world.mailedPassword(world.payer)
            let confirmation = try await MailPasswordTransferTests.prepare(world, choice)
            database.reset()
            let outcome = try await Self.execute(bank, world, confirmation, cookie: "c", mailPassword: password)
            let counts = database.counts
            #expect(!outcome.replayed)
            #expect(counts.commits == 1 && counts.transactions == 1, "\(counts)")
            #expect(counts.roundTrips <= Self.mailPasswordRoundTripBudget(engine), "the password's counter and its spending: \(counts)")
            #expect(try await world.credential(world.payer, .mailPassword).failures == 0)
            // Spent with the transfer: the same password again is no longer one that was mailed.
            let again = try await MailPasswordTransferTests.prepare(world, choice)
            await #expect(throws: BankError.mailPasswordRefused(.notIssued)) {
                try await Self.execute(bank, world, again, cookie: "c", mailPassword: password)
            }
            try await world.expectLedgerConsistent()
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aWrongPasswordIsCountedAndAuditedInOneCommitAndPaysNothing(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let (bank, database) = Self.counted(world)
            let cookie = TransferWorld.cookie()
            let confirmation = try await world.bank.transfers.prepare(
                by: .customer(id: world.payer.id), sessionCookie: cookie, sourceAccountID: world.payer.ordinary.id,
                choice: TransferWorld.otherBank, amount: "3000")
            let before = try await world.snapshot()
            database.reset()
            await #expect(throws: BankError.wrongConfirmationPassword) {
                try await Self.execute(bank, world, confirmation, cookie: cookie, password: "Wrong0000pass")
            }
            #expect(database.counts.commits == 1, "\(database.counts)")
            #expect(try await world.snapshot() == before, "nothing paid, nothing mailed")
            #expect(try await world.credential(world.payer, .confirmationPassword).failures == 1)
            let row = try await world.audit(world.payer, event: "confirmation_password").first
            #expect(row?.result == .failure)
            // The 確認画面 is still good: the right password pays and clears the count.
            #expect(try await !Self.execute(bank, world, confirmation, cookie: cookie).replayed)
            #expect(try await world.credential(world.payer, .confirmationPassword).failures == 0)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aRightPasswordForARefusedTransferStillClearsTheCount(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine, settings: TransferWorld.settings(dailyLimit: 5_000)) { world in
            let (bank, _) = Self.counted(world)
            let cookie = TransferWorld.cookie()
            let first = try await world.bank.transfers.prepare(
                by: .customer(id: world.payer.id), sessionCookie: cookie, sourceAccountID: world.payer.ordinary.id,
                choice: TransferWorld.otherBank, amount: "4000")
            let second = try await world.bank.transfers.prepare(
                by: .customer(id: world.payer.id), sessionCookie: cookie, sourceAccountID: world.payer.ordinary.id,
                choice: TransferWorld.otherBank, amount: "4000")
            _ = try await Self.execute(bank, world, first, cookie: cookie)
            for _ in 0..<2 { _ = try? await Self.execute(bank, world, second, cookie: cookie, password: "Wrong0000pass") }
            #expect(try await world.credential(world.payer, .confirmationPassword).failures == 2)
            let before = try await world.snapshot()
            // Over today's limit now (4,000 of 5,000 spent): refused after the right password.
            await #expect(throws: BankError.self) { try await Self.execute(bank, world, second, cookie: cookie) }
            #expect(try await world.snapshot() == before)
            #expect(try await world.credential(world.payer, .confirmationPassword).failures == 0, "a right password clears the count")
            let refused = try await world.audit(world.payer, event: "transfer").first
            #expect(refused?.result == .refused && refused?.detail.contains("amount=4000") == true, "\(String(describing: refused))")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aLockSetWhileTheRightPasswordWasCheckedRefusesIt(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            // Wrong answers from elsewhere lock the password while this one's hash runs.
            let hasher = SideEffectHasher(base: TestDatabases.cheapHasher)
            let (bank, _) = Self.counted(world, hasher: hasher)
            let cookie = TransferWorld.cookie()
            let confirmation = try await world.bank.transfers.prepare(
                by: .customer(id: world.payer.id), sessionCookie: cookie, sourceAccountID: world.payer.ordinary.id,
                choice: TransferWorld.otherBank, amount: "3000")
            let lockout = world.bank.context.settings.lockout
            let payerID = world.payer.id, database = world.bank.database, now = world.clock.now()
            hasher.arm {
                try await database.transaction { db in
                    for _ in 0..<lockout.limit {
                        _ = try await CredentialRecords.recordFailure(db, customerID: payerID, credential: .confirmationPassword,
                                                                      policy: lockout, at: now)
                    }
                }
            }
            let before = try await world.snapshot()
            await #expect(throws: BankError.credentialLocked(.confirmationPassword)) {
                try await Self.execute(bank, world, confirmation, cookie: cookie)
            }
            #expect(try await world.snapshot() == before, "nothing paid")
            #expect(try await world.credential(world.payer, .confirmationPassword).isLocked, "the lock stays")
            let row = try await world.audit(world.payer, event: "confirmation_password").first
            #expect(row?.result == .refused && row?.detail.contains("locked") == true, "\(String(describing: row))")
            // Unlocked at the counter, the same 確認画面 pays (its nonce was not used up).
            _ = try await world.bank.counter.unlock(loginID: "tanaka01", credential: .confirmationPassword, by: .operator(name: "clerk"))
            #expect(try await !Self.execute(bank, world, confirmation, cookie: cookie).replayed)
        }
    }
}

/// Argon2id that runs a side effect once, during the next check (what another request does meanwhile).
final class SideEffectHasher: PasswordHashing {
    let base: any PasswordHashing
    private let pending = Mutex<(@Sendable () async throws -> Void)?>(nil)

    init(base: any PasswordHashing) { self.base = base }

    func arm(_ effect: @escaping @Sendable () async throws -> Void) { pending.withLock { $0 = effect } }

    func hash(_ password: String) async throws -> String { try await base.hash(password) }
    func needsRehash(_ encoded: String) -> Bool { base.needsRehash(encoded) }

    func verify(_ password: String, against encoded: String) async throws -> Bool {
        let effect = pending.withLock { effect in defer { effect = nil }; return effect }
        let matches = try await base.verify(password, against: encoded)
        try await effect?()
        return matches
    }
}
