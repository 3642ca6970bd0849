import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import SQLKit
import Testing

/// メール送信状況, 他行振込 and 元帳検証 as services: totals per account type, the check that
/// finds a tampered balance, a return that credits once however often it is asked for, and
/// an auditor who reads but changes nothing (the refusal itself in the audit trail).
@Suite struct BackOfficeOperationsTests {
    static let client = ClientInfo(ip: "192.0.2.77", userAgent: "OperationsTest")

    /// The transfer world with a 事務担当 and a 監査.
    struct Office {
        let world: TransferWorld
        let clerk: StaffIdentity
        let auditor: StaffIdentity
        var bank: Bank { world.bank }

        static func with(_ engine: DatabaseEngine, _ body: (Office) async throws -> Void) async throws {
            try await TransferWorld.with(engine) { world in
                let staff = StaffWorld(world: world.world)
                try await body(Office(world: world, clerk: try await staff.enroll("clerk001", role: .operator).staff.identity,
                                      auditor: try await staff.enroll("audit001", role: .auditor).staff.identity))
            }
        }

        func otherBankTransfer(_ amount: String = "40000") async throws -> TransferView {
            try await world.transfer(world.payer, from: world.payer.ordinary, to: TransferWorld.otherBank, amount: amount).transfer
        }

        func audit(_ event: String) async throws -> [AuditEvent] {
            try await bank.database.read { db in try await AuditRecords.list(db, event: event, limit: 1_000) }
        }

        /// A mail the relay refused for good (a secret one has its message blanked by then).
        func failedMail(secret: Bool = false) async throws -> Int64 {
            let now = world.clock.now()
            return try await bank.database.transaction { db in
                let id = try await OutboxRecords.enqueue(db, NewOutboxMail(
                    messageID: "<\(UUID().uuidString)@example.jp>", kind: secret ? "mail_password" : "transfer_accepted",
                    customerID: world.payer.id, fromAddress: "bank@example.jp", recipients: ["tanaka01@example.jp"],
                    data: "Subject: =?UTF-8?B?\(Data("振込受付のお知らせ".utf8).base64EncodedString())?=\r\n\r\nSECRET-BODY",
                    containsSecret: secret, expiresAt: secret ? now.addingTimeInterval(600) : nil), at: now)
                // As the delivery worker records a permanent refusal (OutboxRecords.markFailed),
                // for this mail alone: a claim would take every other due mail along.
                try await db.raw("""
                    UPDATE mail_outbox SET status = 'failed', attempts = 1, last_error = 'permanent: 550 no such user',
                           data = CASE WHEN contains_secret = 1 THEN '' ELSE data END
                     WHERE id = \(bind: id)
                    """).run()
                return id
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func totalsPerTypeAfterPostingsAndTransfers(engine: DatabaseEngine) async throws {
        try await Office.with(engine) { office in
            let world = office.world
            let current = try await office.bank.counter.openAccount(loginID: "tanaka01", branch: "001", type: .current, by: .operator(name: "test"))
            _ = try await office.bank.counter.post(.deposit, branch: "001", accountNumber: current.accountNumber, amount: "70000",
                                                  by: .operator(name: "test"))
            _ = try await office.bank.counter.post(.withdrawal, branch: "001", accountNumber: world.payee.ordinary.accountNumber,
                                                  amount: "5000", by: .operator(name: "test"))
            _ = try await office.otherBankTransfer("40000")                                        // fee 550
            try await world.transfer(world.payer, from: world.payer.ordinary, to: .own(accountID: world.payer.savings.id),
                                     amount: "12000")

            let overview = try await office.bank.ledger.overview(by: .staff(office.auditor), client: Self.client)
            #expect(overview.verification.isConsistent && overview.problemAccounts.isEmpty)
            let types = overview.totals.customerTypes
            #expect(types.map(\.accountType) == ["ordinary", "current", "savings"])
            #expect(types[0].accounts == 2 && types[0].balance == Yen(1_000_000 - 40_550 - 12_000 + 45_000))
            #expect(types[1].accounts == 1 && types[1].balance == Yen(70_000))
            #expect(types[2].accounts == 2 && types[2].balance == Yen(12_000))
            let ownAccounts = Dictionary(uniqueKeysWithValues: overview.totals.internalAccounts.map { ($0.code, $0.balance) })
            #expect(ownAccounts == ["cash": Yen(-(1_000_000 + 50_000 + 70_000 - 5_000)), "interbank_clearing": Yen(40_000),
                                 "fee_income": Yen(550)])
            #expect(overview.totals.customerAccounts == 5)
            #expect(overview.totals.customerBalance == Yen(1_115_000 - 40_000 - 550))
            #expect(overview.totals.grandTotal == .zero, "every yen came from one of the bank's own accounts")

            let views = try await office.audit("staff_view").filter { $0.actor == "staff:audit001" }
            #expect(views.first?.detail == "ledger_verify consistent=true total=0")
            #expect(views.first?.ip == Self.client.ip && views.first?.userAgent == Self.client.userAgent)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func verifyFindsATamperedBalance(engine: DatabaseEngine) async throws {
        try await Office.with(engine) { office in
            let account = office.world.payee.ordinary
            try await office.bank.database.transaction { db in
                try await db.raw("UPDATE accounts SET balance = balance + 1000 WHERE id = \(bind: account.id)").run()
            }
            let overview = try await office.bank.ledger.overview(by: .staff(office.clerk))
            #expect(!overview.verification.isConsistent)
            #expect(overview.verification.mismatchedAccounts == [
                LedgerVerification.Mismatch(accountID: account.id, balance: 51_000, sumOfEntries: 50_000)])
            #expect(overview.problemAccounts[account.id]?.accountNumber == account.accountNumber)
            #expect(overview.totals.grandTotal == Yen(1_000), "the balances no longer sum to zero")
            #expect(try await office.audit("staff_view").first?.detail == "ledger_verify consistent=false total=1000")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func returnTwiceCreditsOnce(engine: DatabaseEngine) async throws {
        try await Office.with(engine) { office in
            let world = office.world
            let transfer = try await office.otherBankTransfer()
            let sent = try await office.bank.interbank.markSent(id: transfer.id, by: .staff(office.clerk), client: Self.client)
            #expect(sent.status == .sent)
            await #expect(throws: BankError.transferStatus("sent")) {
                try await office.bank.interbank.markSent(id: transfer.id, by: .staff(office.clerk), client: Self.client)
            }
            let returned = try await office.bank.interbank.returnTransfer(id: transfer.id, reason: "口座なし", by: .staff(office.clerk),
                                                                 client: Self.client)
            #expect(returned.status == .returned && returned.statusNote == "口座なし")
            #expect(try await world.balance(world.payer.ordinary) == 1_000_000 - 550)
            let success = try #require(try await office.audit("interbank_returned").first)
            #expect(success.result == .success && success.actor == "staff:clerk001" && success.userAgent == "OperationsTest")

            let before = try await world.snapshot()
            for _ in 0..<2 {
                await #expect(throws: BankError.transferStatus("returned"), "never returned twice") {
                    try await office.bank.interbank.returnTransfer(id: transfer.id, reason: "口座なし", by: .staff(office.clerk), client: Self.client)
                }
            }
            #expect(try await world.snapshot() == before, "no second credit, no second mail")
            #expect(try await world.balance(world.payer.ordinary) == 1_000_000 - 550)
            let refusals = try await office.audit("interbank_returned").filter { $0.result == .refused }
            #expect(refusals.count == 2)
            #expect(refusals.first?.detail == "id=\(transfer.id) reception=\(transfer.receptionNumber) refused=status status=returned role=operator")
            #expect(refusals.first?.customerID == world.payer.id)

            await #expect(throws: BankError.transferNotFound) {
                try await office.bank.interbank.returnTransfer(id: 999_999, reason: "口座なし", by: .staff(office.clerk), client: Self.client)
            }
            await #expect(throws: BankError.invalidInput([FieldError(field: "reason", messageKey: "error.reason.required")])) {
                try await office.bank.interbank.returnTransfer(id: transfer.id, reason: " ", by: .staff(office.clerk), client: Self.client)
            }
            try await world.expectLedgerConsistent()
        }
    }

    @Test(arguments: TestDatabases.engines)
    func auditorReadsButIsRefusedEveryChange(engine: DatabaseEngine) async throws {
        try await Office.with(engine) { office in
            let transfer = try await office.otherBankTransfer()
            let mailID = try await office.failedMail()
            let before = try await office.world.snapshot()
            let outboxBefore = try await office.bank.mailOutbox.overview(status: nil, by: .staff(office.auditor))

            await expectStaffRefusal(.forbidden) {
                _ = try await office.bank.interbank.markSent(id: transfer.id, by: .staff(office.auditor), client: Self.client)
            }
            await expectStaffRefusal(.forbidden) {
                _ = try await office.bank.interbank.returnTransfer(id: transfer.id, reason: "口座なし", by: .staff(office.auditor), client: Self.client)
            }
            await expectStaffRefusal(.forbidden) {
                _ = try await office.bank.mailOutbox.retry(id: mailID, by: .staff(office.auditor), client: Self.client)
            }
            await expectStaffRefusal(.forbidden) {
                _ = try await office.bank.mailOutbox.retryAllFailed(by: .staff(office.auditor), client: Self.client)
            }
            #expect(try await office.world.snapshot() == before)
            #expect(try await office.bank.mailOutbox.overview(status: nil, by: .staff(office.auditor)).entries == outboxBefore.entries)
            #expect(try await office.bank.interbank.queue(status: .accepted, by: .staff(office.auditor)).entries.map(\.transfer.id)
                    == [transfer.id])

            let refused = try await office.bank.database.read { db in try await AuditRecords.list(db, limit: 1_000) }
                .filter { $0.result == .refused && $0.actor == "staff:audit001" }
            #expect(Set(refused.map(\.event)) == ["interbank_sent", "interbank_returned", "mail_retry"] && refused.count == 4)
            #expect(refused.allSatisfy { $0.ip == Self.client.ip && $0.userAgent == Self.client.userAgent })
            #expect(refused.allSatisfy { $0.detail.contains("refused=forbidden") && $0.detail.hasSuffix("role=auditor") })
        }
    }

    @Test(arguments: TestDatabases.engines)
    func mailRetryOnlyForAFailedMailThatStillHasItsMessage(engine: DatabaseEngine) async throws {
        try await Office.with(engine) { office in
            let failed = try await office.failedMail()
            let secret = try await office.failedMail(secret: true)
            let failedOnly = try await office.bank.mailOutbox.overview(status: .failed, by: .staff(office.clerk), client: Self.client)
            #expect(failedOnly.entries.map(\.id) == [secret, failed], "newest first")
            let plain = try #require(failedOnly.entries.last)
            #expect(plain.subject == "振込受付のお知らせ" && plain.canRetry && !plain.isErased)
            #expect(plain.lastError == "permanent: 550 no such user" && plain.attempts == 1)
            let erased = try #require(failedOnly.entries.first)
            #expect(erased.isErased && erased.subject == nil && !erased.canRetry)
            #expect(failedOnly.counts[.failed] == 2)

            await #expect(throws: MailRetryRefusal.secretErased) {
                try await office.bank.mailOutbox.retry(id: secret, by: .staff(office.clerk), client: Self.client)
            }
            await #expect(throws: MailRetryRefusal.notFound) {
                try await office.bank.mailOutbox.retry(id: 999_999, by: .staff(office.clerk), client: Self.client)
            }
            let retried = try await office.bank.mailOutbox.retry(id: failed, by: .staff(office.clerk), client: Self.client)
            #expect(retried.status == .queued && retried.attempts == 0)
            await #expect(throws: MailRetryRefusal.notFailed(.queued), "a second press finds it queued") {
                try await office.bank.mailOutbox.retry(id: failed, by: .staff(office.clerk), client: Self.client)
            }
            let audit = try await office.audit("mail_retry")
            #expect(audit.filter { $0.result == .success }.map(\.userAgent) == ["OperationsTest"])
            #expect(audit.filter { $0.result == .refused }.count == 3)

            let again = try await office.failedMail()
            let all = try await office.bank.mailOutbox.retryAllFailed(by: .staff(office.clerk), client: Self.client)
            #expect(all.queued == [again] && all.erasedLeft == 1)
            let counts = try await office.bank.mailOutbox.overview(status: nil, by: .staff(office.clerk)).counts
            #expect(counts == [.queued: 2, .failed: 1])

            // A mail as MailComposer writes it (folded encoded-words): its subject, as a mail program reads it.
            let composed = try await office.bank.mailOutbox.enqueueTest(to: "hanako@example.jp", by: .operator(name: "test"))
            let listed = try #require(try await office.bank.mailOutbox.overview(status: .queued, by: .staff(office.clerk)).entries.first)
            let subject = try MailText.subject(composed)
            #expect(listed.id == composed.id && listed.subject == subject)
            #expect(listed.subject?.contains("テストメール") == true && !listed.isErased)
        }
    }
}
