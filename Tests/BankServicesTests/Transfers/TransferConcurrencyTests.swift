import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// Many transfers at once among a few hot accounts: no yen is made or lost, no balance goes
/// negative, every acknowledged transfer is in the ledger, and a customer's parallel
/// transfers together stay within the daily limit.
@Suite struct TransferConcurrencyTests {
    /// Many submissions per customer at once would trip the count-before-check password
    /// limiter (LoginLockoutTests and the idempotency test cover that); here money is the subject.
    static let settings = TransferWorld.settings(dailyLimit: 100_000_000, lockoutLimit: 1_000)

    @Test(arguments: TestDatabases.engines)
    func moneyIsConservedUnderConcurrentTransfers(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine, settings: Self.settings) { world in
            let parties = [world.payer, world.payee,
                           try await Party.open(world.bank, loginID: "sato0001", kana: "ｻﾄｳ ｼﾞﾛｳ", deposit: 100_000),
                           try await Party.open(world.bank, loginID: "ito00001", kana: "ｲﾄｳ ｻﾌﾞﾛｳ", deposit: 100_000)]
            let accounts = parties.flatMap { [$0.ordinary, $0.savings] }
            for party in parties {
                _ = try await world.bank.counter.post(.deposit, branch: "002", accountNumber: party.savings.accountNumber,
                                                     amount: "300000", by: .operator(name: "test"))
            }
            var expected: [Int64: Int64] = [:]
            for account in accounts { expected[account.id] = try await world.balance(account) }
            let startTotal = expected.values.reduce(0, +)
            let amounts: [Int64] = [1_000, 5_000, 29_999, 30_000, 45_000, 80_000]

            let results = await withTaskGroup(of: Result<TransferView, BankError>?.self) { group in
                for task in 0..<96 {
                    let party = parties[task % parties.count]
                    let other = parties[(task / parties.count + task + 1) % parties.count]
                    let source = task % 3 == 0 ? party.savings : party.ordinary
                    let ownOther = DestinationChoice.own(accountID: source.id == party.ordinary.id ? party.savings.id : party.ordinary.id)
                    let choice: DestinationChoice = switch task % 7 {
                    case 0: TransferWorld.otherBank
                    case _ where other.id == party.id, 1: ownOther
                    case 2, 3, 4: other.typed(other.ordinary)
                    default: other.typed(other.savings)
                    }
                    let amount = amounts[task % amounts.count]
                    group.addTask {
                        do {
                            return .success(try await world.transfer(party, from: source, to: choice, amount: String(amount)).transfer)
                        } catch let error as BankError {
                            return .failure(error)
                        } catch {
                            Issue.record("task \(task): \(error)")
                            return nil
                        }
                    }
                }
                return await group.reduce(into: [Result<TransferView, BankError>?]()) { $0.append($1) }
            }
            var acknowledged: [TransferView] = []
            for result in results.compactMap({ $0 }) {
                switch result {
                case .success(let transfer): acknowledged.append(transfer)
                case .failure(.transferRefused(.insufficientFunds)): break
                case .failure(let error): Issue.record("unexpected refusal \(error)")
                }
            }
            #expect(acknowledged.count >= 48, "enough transfers ran to mean something (\(acknowledged.count))")

            // Every acknowledged transfer is stored, with a balanced ledger transaction that
            // debits amount + fee from its source.
            let stored = try await world.bank.database.read { db in try await TransferRecords.list(db, limit: 10_000) }
            #expect(Set(stored.map(\.id)) == Set(acknowledged.map(\.id)), "no transfer lost or invented")
            var clearing: Int64 = 0, fees: Int64 = 0
            for transfer in acknowledged {
                let entries = try await world.bank.database.read { db in
                    try await LedgerRecords.entries(db, transactionID: transfer.ledgerTransactionID!)
                }
                #expect(entries.map(\.amount.value).reduce(0, +) == 0)
                #expect(entries.first { $0.accountID == transfer.sourceAccountID }?.amount.value == -(transfer.amount + transfer.fee).value)
                expected[transfer.sourceAccountID, default: 0] -= (transfer.amount + transfer.fee).value
                if let credited = transfer.destinationAccountID {
                    expected[credited, default: 0] += transfer.amount.value
                } else {
                    clearing += transfer.amount.value
                }
                fees += transfer.fee.value
            }
            for account in accounts {
                let balance = try await world.balance(account)
                #expect(balance == expected[account.id], "account \(account.accountNumber)")
                #expect(balance >= 0)
            }
            #expect(try await world.internalBalance("interbank_clearing") == clearing)
            #expect(try await world.internalBalance("fee_income") == fees)
            let endTotal = try await accounts.asyncSum { try await world.balance($0) } + clearing + fees
            #expect(endTotal == startTotal, "money is neither made nor lost")
            try await world.expectLedgerConsistent()
        }
    }

    @Test(arguments: TestDatabases.engines)
    func parallelTransfersTogetherStayWithinTheDailyLimit(engine: DatabaseEngine) async throws {
        var settings = Self.settings
        settings.transfers.dailyLimit = Yen(100_000)
        try await TransferWorld.with(engine, settings: settings) { world in
            // Ten 確認画面 made while the whole limit was free, then executed all at once.
            var confirmations: [TransferConfirmation] = []
            for index in 0..<10 {
                confirmations.append(try await world.bank.transfers.prepare(
                    by: .customer(id: world.payer.id), sessionCookie: "c", sourceAccountID: world.payer.ordinary.id,
                    choice: index % 2 == 0 ? world.payee.typed(world.payee.ordinary) : TransferWorld.otherBank, amount: "30000"))
            }
            let results = await withTaskGroup(of: Result<TransferOutcome, BankError>?.self) { group in
                for confirmation in confirmations {
                    group.addTask {
                        do { return .success(try await world.execute(world.payer, confirmation, cookie: "c")) } catch let error as BankError {
                            return .failure(error)
                        } catch {
                            Issue.record("\(error)")
                            return nil
                        }
                    }
                }
                return await group.reduce(into: [Result<TransferOutcome, BankError>?]()) { $0.append($1) }
            }
            let paid = results.compactMap { result -> TransferOutcome? in if case .success(let outcome)? = result { outcome } else { nil } }
            let refusals = results.compactMap { result -> BankError? in if case .failure(let error)? = result { error } else { nil } }
            #expect(paid.count == 3, "three of 30,000円 fit in 100,000円")
            #expect(refusals.count == 7)
            for refusal in refusals {
                #expect(refusal == .transferRefused(.overDailyLimit(remaining: Yen(10_000), limit: Yen(100_000))), "\(refusal)")
            }
            #expect(try await world.bank.transferLimits.status(by: .customer(id: world.payer.id)).remainingToday == Yen(10_000))
            let fees = paid.map(\.transfer.fee.value).reduce(0, +)
            #expect(try await world.balance(world.payer.ordinary) == 1_000_000 - 90_000 - fees)
            #expect(try await world.outbox(kind: "transfer_accepted").count == 3)
            try await world.expectLedgerConsistent()
        }
    }
}

extension Array {
    func asyncSum(_ value: (Element) async throws -> Int64) async rethrows -> Int64 {
        var total: Int64 = 0
        for element in self { total += try await value(element) }
        return total
    }
}
