@_spi(AuditWriting) @testable import BankStore
import BankCore
import BankTestSupport
import Foundation
import SQLKit
import Testing

/// 実行's transaction steps exist in two forms (`StepForm`): statement by
/// statement (SQLite's) and, on PostgreSQL, one statement of data-modifying `WITH` parts. This
/// test holds them equal: one sequence of claims and inserts runs through every form each engine
/// has — SQLite: the statements; PostgreSQL: both — and every run must give the answers and leave
/// the rows written below.
@Suite struct TransferExecutionFormsTests {
    static let now = LedgerStoreTests.now

    /// What a claim leaves: the two counts, the nonce's use, the mail password's spending.
    struct After: Equatable, CustomStringConvertible {
        var confirmationFailures: Int, mailFailures: Int, nonceUsed: Bool, mailPasswordSpent: Bool?
        var description: String { "conf \(confirmationFailures), mail \(mailFailures), used \(nonceUsed), spent \(String(describing: mailPasswordSpent))" }
    }

    static func claim(found: Bool = true, limit: Int64? = 500_000, confirmation: CredentialState? = nil, claimed: Bool,
                      mail: CredentialState? = nil, spent: Bool = false) -> TransferClaim {
        TransferClaim(found: found, ownLimit: found ? limit.map(Yen.init) : nil, confirmationPassword: confirmation,
                      claimed: claimed, mailPassword: mail, mailPasswordSpent: spent)
    }

    static func state(_ credential: Credential, _ failures: Int, locked: Bool = false) -> CredentialState {
        CredentialState(credential: credential, failures: failures, lockedAt: locked ? now : nil)
    }

    @Test(arguments: TestDatabases.engines)
    func everyFormOfTheClaimGivesTheSameAnswersAndRows(engine: DatabaseEngine) async throws {
        for form in StepForm.all(on: engine) {
            try await TestDatabases.withDatabase(engine) { database, _ in
                try await Self.runClaims(form, on: database)
            }
        }
    }

    static func runClaims(_ form: StepForm, on database: any BankDatabase) async throws {
        let (account, _) = try await database.transaction { db in try await LedgerStoreTests.setUp(db) }
        let customerID = account.customerID!
        try await database.transaction { db in
            try await CustomerRecords.setDailyTransferLimit(db, customerID: customerID, Yen(500_000))
            for nonce in ["n1", "n2", "n3", "n4", "n5", "n6"] {
                try await TransferConfirmationRecords.insert(db, TransferConfirmationRecord(
                    nonce: nonce, customerID: customerID, sessionHash: "s", details: "{}", createdAt: now, usedAt: nil))
            }
        }
        let twice = LockoutPolicy(limit: 5), once = LockoutPolicy(limit: 1)
        func fail(_ credential: Credential, _ policy: LockoutPolicy) async throws {
            _ = try await database.transaction { db in
                try await CredentialRecords.recordFailure(db, customerID: customerID, credential: credential, policy: policy, at: now)
            }
        }
        func issue(_ hash: String) async throws {
            try await database.transaction { db in
                try await MailPasswordRecords.replace(db, MailPasswordRecord(
                    customerID: customerID, sessionHash: "s", destinationKey: "k", passwordHash: hash, issuedAt: now, spentAt: nil))
            }
        }
        func run(_ name: String, customer: Int64? = nil, _ nonce: String, mail: String? = nil,
                 expect expected: TransferClaim, after: After) async throws {
            let got = try await database.transaction { db in
                try await TransferExecutionRecords.claim(db, customerID: customer ?? customerID, nonce: nonce,
                                                         mailPasswordHash: mail, at: now, form: form)
            }
            #expect(got == expected, "\(form) \(name)")
            let left = try await database.read { db in
                After(confirmationFailures: try await CredentialRecords.state(db, customerID: customerID, credential: .confirmationPassword).failures,
                      mailFailures: try await CredentialRecords.state(db, customerID: customerID, credential: .mailPassword).failures,
                      nonceUsed: try await TransferConfirmationRecords.find(db, nonce: nonce)?.usedAt != nil,
                      mailPasswordSpent: try await MailPasswordRecords.find(db, customerID: customerID).map { $0.spentAt != nil })
            }
            #expect(left == after, "\(form) \(name)")
        }

        try await run("an unknown customer: nothing done", customer: 999_999, "n1", expect: claim(found: false, claimed: false),
                      after: After(confirmationFailures: 0, mailFailures: 0, nonceUsed: false, mailPasswordSpent: nil))
        try await run("the first claim", "n1", expect: claim(claimed: true),
                      after: After(confirmationFailures: 0, mailFailures: 0, nonceUsed: true, mailPasswordSpent: nil))
        try await run("a nonce claimed before", "n1", expect: claim(claimed: false),
                      after: After(confirmationFailures: 0, mailFailures: 0, nonceUsed: true, mailPasswordSpent: nil))
        try await fail(.confirmationPassword, twice)
        try await fail(.confirmationPassword, twice)
        try await run("a count cleared", "n2", expect: claim(confirmation: state(.confirmationPassword, 2), claimed: true),
                      after: After(confirmationFailures: 0, mailFailures: 0, nonceUsed: true, mailPasswordSpent: nil))
        try await fail(.confirmationPassword, once)
        try await run("a locked password: the nonce not claimed", "n3",
                      expect: claim(confirmation: state(.confirmationPassword, 1, locked: true), claimed: false),
                      after: After(confirmationFailures: 0, mailFailures: 0, nonceUsed: false, mailPasswordSpent: nil))
        try await issue("h1")
        try await fail(.mailPassword, twice)
        try await run("the mail password spent, its count cleared", "n3", mail: "h1",
                      expect: claim(claimed: true, mail: state(.mailPassword, 1), spent: true),
                      after: After(confirmationFailures: 0, mailFailures: 0, nonceUsed: true, mailPasswordSpent: true))
        try await run("a mail password spent before", "n4", mail: "h1", expect: claim(claimed: true, spent: false),
                      after: After(confirmationFailures: 0, mailFailures: 0, nonceUsed: true, mailPasswordSpent: true))
        try await issue("h2")
        try await run("a mail password replaced since", "n5", mail: "h1", expect: claim(claimed: true, spent: false),
                      after: After(confirmationFailures: 0, mailFailures: 0, nonceUsed: true, mailPasswordSpent: false))
        try await fail(.mailPassword, once)
        try await run("a locked mail password: not spent", "n6", mail: "h2",
                      expect: claim(claimed: true, mail: state(.mailPassword, 1, locked: true), spent: false),
                      after: After(confirmationFailures: 0, mailFailures: 0, nonceUsed: true, mailPasswordSpent: false))
        try await fail(.mailPassword, twice)
        try await run("a nonce claimed before: the mail password's count and spending untouched", "n6", mail: "h2",
                      expect: claim(claimed: false),
                      after: After(confirmationFailures: 0, mailFailures: 1, nonceUsed: true, mailPasswordSpent: false))
    }

    @Test(arguments: TestDatabases.engines)
    func everyFormOfTheInsertWritesTheRowItsMailAndItsAuditOrNothing(engine: DatabaseEngine) async throws {
        for form in StepForm.all(on: engine) {
            try await TestDatabases.withDatabase(engine) { database, _ in
                let (account, cash) = try await database.transaction { db in try await LedgerStoreTests.setUp(db) }
                let ledgerID = try await database.transaction { db in try await LedgerStoreTests.deposit(db, account, cash, 5_000) }
                func insert(_ reception: String, _ nonce: String) async throws -> TransferRecord? {
                    let transfer = TransferInsertTests.record(account, ledgerID: ledgerID, reception: reception, nonce: nonce)
                    return try await database.transaction { db in
                        try await TransferExecutionRecords.insert(db, transfer, mail: Self.mail(account, reception, nonce),
                                                                  audit: Self.audit(transfer), at: Self.now, form: form)
                    }
                }
                let first = try #require(try await insert("20261124-000001", "n1"), "\(form)")
                #expect(first.id > 0 && first.receptionNumber == "20261124-000001" && first.nonce == "n1", "\(form)")
                #expect(first.factors.presented == [.loginPassword, .confirmationPassword], "\(form)")
                #expect(try await insert("20261124-000001", "n2") == nil, "\(form): a 受付番号 taken writes nothing")

                let (transfers, mails, audits) = try await database.read { db in
                    (try await TransferRecords.list(db), try await OutboxRecords.list(db), try await AuditRecords.list(db))
                }
                #expect(transfers == [first], "\(form)")
                #expect(mails.map(\.messageID) == ["<n1@test>"], "\(form)")
                #expect(mails.first?.recipients == ["a@example.jp", "b@example.jp"] && mails.first?.status == .queued, "\(form)")
                #expect(audits.map(\.detail) == ["reception=20261124-000001"], "\(form)")
                #expect(audits.first?.requestID == "r-n1" && audits.first?.factors == first.factors, "\(form)")
            }
        }
    }

    static func mail(_ account: AccountRecord, _ reception: String, _ nonce: String) -> NewOutboxMail {
        NewOutboxMail(messageID: "<\(nonce)@test>", kind: "transfer_accepted", customerID: account.customerID,
                      fromAddress: "bank@example.jp", recipients: ["a@example.jp", "b@example.jp"],
                      data: "mail of \(reception)", urgent: false, containsSecret: false, expiresAt: nil)
    }

    static func audit(_ transfer: TransferRecord) -> AuditRow {
        AuditRow(AuditEvent(at: now, event: "transfer", result: .success, actor: "customer",
                            customerID: transfer.customerID, loginID: "ledger01", ip: "192.0.2.1", userAgent: "ua",
                            factors: transfer.factors, detail: "reception=\(transfer.receptionNumber)", requestID: "r-\(transfer.nonce)",
                            channel: "web"))
    }

    /// The posting with the row: posted and written; a 受付番号 taken — posted, nothing of the
    /// row written; refused (funds, a missing account) — thrown as the posting throws it, and
    /// no row, mail or audit row written before the caller's rollback.
    @Test(arguments: TestDatabases.engines)
    func everyFormOfThePostingWithTheInsertPostsAndWritesOrRefuses(engine: DatabaseEngine) async throws {
        for form in StepForm.all(on: engine) {
            try await TestDatabases.withDatabase(engine) { database, _ in
                let (account, cash) = try await database.transaction { db in try await LedgerStoreTests.setUp(db) }
                _ = try await database.transaction { db in try await LedgerStoreTests.deposit(db, account, cash, 5_000) }
                let clearing = try #require(try await database.read { db in try await AccountRecords.internalAccount(db, code: "interbank_clearing") })
                func ledger(_ amount: Int64, to credit: Int64 = clearing.id, key: String) -> NewLedgerTransaction {
                    // Given out of account order: the posting orders them.
                    NewLedgerTransaction(kind: "transfer", memo: "振込 \(key)", postings: [
                        Posting(accountID: credit, amount: Yen(amount)), Posting(accountID: account.id, amount: Yen(-amount))],
                        idempotencyKey: "transfer:\(key)", actor: "customer:ledger01")
                }
                func post(_ ledger: NewLedgerTransaction, _ reception: String, _ nonce: String) async throws -> TransferPosting {
                    let transfer = TransferInsertTests.record(account, ledgerID: 0, reception: reception, nonce: nonce)
                    return try await database.transaction { db in
                        try await TransferExecutionRecords.postAndInsert(db, ledger: ledger, transfer, mail: Self.mail(account, reception, nonce),
                                                                         audit: Self.audit(transfer), at: Self.now, form: form)
                    }
                }
                /// A refusal: what it throws, and what was written in its transaction before the rollback.
                func refused(_ ledger: NewLedgerTransaction, _ nonce: String) async throws -> (StoreError?, Int, Int, Int) {
                    struct Undo: Error {}
                    var thrown: StoreError?, written = (0, 0, 0)
                    do {
                        try await database.transaction { db in
                            do {
                                let transfer = TransferInsertTests.record(account, ledgerID: 0, reception: "20261124-0000\(nonce)", nonce: nonce)
                                _ = try await TransferExecutionRecords.postAndInsert(
                                    db, ledger: ledger, transfer, mail: Self.mail(account, transfer.receptionNumber, nonce),
                                    audit: Self.audit(transfer), at: Self.now, form: form)
                            } catch let error as StoreError {
                                thrown = error
                            }
                            written = (try await TransferRecords.list(db).count, try await OutboxRecords.list(db).count,
                                       try await AuditRecords.list(db).count)
                            throw Undo()
                        }
                    } catch is Undo {}
                    return (thrown, written.0, written.1, written.2)
                }

                let first = try await post(ledger(1_000, key: "n1"), "20261124-000001", "n1")
                let row = try #require(first.transfer, "\(form)")
                #expect(row.ledgerTransactionID == first.ledgerTransactionID && row.receptionNumber == "20261124-000001", "\(form)")
                let entries = try await database.read { db in try await LedgerRecords.entries(db, transactionID: first.ledgerTransactionID) }
                #expect(entries.map(\.accountID) == [account.id, clearing.id].sorted(), "\(form): entries in account order")
                #expect(entries.first(where: { $0.accountID == account.id })?.balanceAfter == Yen(4_000), "\(form)")

                let taken = try await post(ledger(500, key: "n2"), "20261124-000001", "n2")
                #expect(taken.transfer == nil && taken.ledgerTransactionID > first.ledgerTransactionID, "\(form): posted, the row not written")

                let (funds, fundsRows, fundsMails, fundsAudits) = try await refused(ledger(10_000, key: "n3"), "03")
                #expect(funds == .insufficientFunds(accountID: account.id), "\(form)")
                #expect(fundsRows == 1 && fundsMails == 1 && fundsAudits == 1, "\(form): nothing written for a refused posting")
                let (missing, missingRows, _, _) = try await refused(ledger(100, to: 999_999, key: "n4"), "04")
                #expect(missing == .notFound && missingRows == 1, "\(form)")

                let (transfers, mails, audits, balance) = try await database.read { db in
                    (try await TransferRecords.list(db), try await OutboxRecords.list(db), try await AuditRecords.list(db),
                     try await AccountRecords.find(db, id: account.id)?.balance)
                }
                #expect(transfers == [row] && mails.map(\.messageID) == ["<n1@test>"], "\(form)")
                #expect(audits.map(\.detail) == ["reception=20261124-000001"], "\(form)")
                #expect(balance == Yen(3_500), "\(form): both postings stand, the refused ones undone")
                #expect(try await database.read { db in try await LedgerRecords.verify(db) }.isConsistent, "\(form)")
            }
        }
    }
}
