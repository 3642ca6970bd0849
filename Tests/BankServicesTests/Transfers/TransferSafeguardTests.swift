import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// The safeguards a review asked for: a double click with the mail password, the lock that
/// turning it off must not get round, a payee deleted after the 確認画面, the holder name the
/// mailed password named, attempts that cannot be guesses, the name-lookup allowance.
@Suite struct TransferSafeguardTests {
    typealias Flow = MailPasswordTransferTests

    @Test(arguments: TestDatabases.engines)
    func aDoubleClickWithTheMailPasswordPaysOnceAndAnswersBothWithTheTransfer(engine: DatabaseEngine) async throws {
        try await Flow.withMailPassword(engine) { world, payeeID in
            let choice = DestinationChoice.customerPayee(id: payeeID)
            for round in 1...3 {
                _ = try await Flow.select(world, choice)
                let password = try await world.mailedPassword(world.payer)
                let confirmation = try await Flow.prepare(world, choice)
                let before = try await world.balance(world.payer.ordinary)
                let outcomes = try await withThrowingTaskGroup(of: TransferOutcome.self) { group in
                    for _ in 0..<2 {
                        group.addTask { try await world.execute(world.payer, confirmation, cookie: "c", mailPassword: password) }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(Set(outcomes.map(\.transfer.id)).count == 1, "round \(round): one transfer for both")
                #expect(outcomes.filter { !$0.replayed }.count == 1, "round \(round)")
                #expect(try await world.balance(world.payer.ordinary) == before - 10_000 - confirmation.fee.value, "round \(round): paid once")
                #expect(try await world.credential(world.payer, .mailPassword).failures == 0, "round \(round): nothing counted")
            }
            try await world.expectLedgerConsistent()
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aLockedMailPasswordCannotBeTurnedOffOrMoved(engine: DatabaseEngine) async throws {
        try await Flow.withMailPassword(engine) { world, payeeID in
            let choice = DestinationChoice.customerPayee(id: payeeID)
            _ = try await Flow.select(world, choice)
            let confirmation = try await Flow.prepare(world, choice)
            for _ in 1...5 {
                _ = try? await world.execute(world.payer, confirmation, cookie: "c", mailPassword: "AAAAAAAAAA")
            }
            #expect(try await world.credential(world.payer, .mailPassword).isLocked)
            let mailsBefore = try await world.snapshot()
            for (use, address) in [(false, "tanaka01@example.jp"), (true, "tanaka01@example.jp")] {
                await #expect(throws: BankError.credentialLocked(.mailPassword), "use=\(use)") {
                    try await world.bank.mailPassword.changeSetting(
                        by: .customer(id: world.payer.id), use: use, address: address,
                        confirmationPassword: SeededCustomer.confirmationPassword, session: TransferWorld.session,
                        client: TransferWorld.client)
                }
            }
            #expect(try await world.snapshot() == mailsBefore, "no mail, nothing changed")
            #expect(try await world.bank.mailPassword.setting(by: .customer(id: world.payer.id)).current != nil, "still on")
            // After the bank's unlock the customer may turn it off.
            _ = try await world.bank.counter.unlock(loginID: "tanaka01", credential: .mailPassword, by: .operator(name: "clerk"))
            let off = try await world.bank.mailPassword.changeSetting(
                by: .customer(id: world.payer.id), use: false, address: "", confirmationPassword: SeededCustomer.confirmationPassword,
                session: TransferWorld.session, client: TransferWorld.client)
            #expect(off == nil)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aPayeeDeletedAfterTheConfirmationIsNotPaid(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let payee = try await world.bank.payees.add(
                by: .customer(id: world.payer.id), PayeeForm(bankCode: "0998", branchCode: "201", accountType: "ordinary",
                                                      accountNumber: "1234567", holderName: "ﾔﾏﾀﾞ ﾀﾛｳ"),
                confirmationPassword: SeededCustomer.confirmationPassword, session: TransferWorld.session,
                client: TransferWorld.client)
            let cookie = TransferWorld.cookie()
            let confirmation = try await world.bank.transfers.prepare(
                by: .customer(id: world.payer.id), sessionCookie: cookie, sourceAccountID: world.payer.ordinary.id,
                choice: .customerPayee(id: payee.record.id), amount: "5000")
            try await world.bank.payees.delete(by: .customer(id: world.payer.id), payeeID: payee.record.id,
                                             confirmationPassword: SeededCustomer.confirmationPassword,
                                             session: TransferWorld.session, client: TransferWorld.client)
            let before = try await world.snapshot()
            await #expect(throws: BankError.payeeNotFound) { try await world.execute(world.payer, confirmation, cookie: cookie) }
            #expect(try await world.snapshot() == before)
            #expect(try await world.audit(world.payer, event: "transfer").first?.result == .refused)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func theMailedPasswordConfirmsOnlyTheHolderNameItNamed(engine: DatabaseEngine) async throws {
        try await Flow.withMailPassword(engine) { world, _ in
            func typed(_ name: String) -> DestinationChoice {
                .other(bankCode: "0998", branchCode: "201", accountType: "ordinary", accountNumber: "1234567", holderName: name)
            }
            _ = try await Flow.select(world, typed("ﾔﾏﾀﾞ ﾀﾛｳ"))
            let password = try await world.mailedPassword(world.payer)
            let renamed = try await Flow.prepare(world, typed("ｻｷﾞ ｼﾞﾛｳ"))
            let before = try await world.snapshot()
            await #expect(throws: BankError.mailPasswordRefused(.notIssued)) {
                try await world.execute(world.payer, renamed, cookie: "c", mailPassword: password)
            }
            #expect(try await world.snapshot() == before)
            #expect(try await world.credential(world.payer, .mailPassword).failures == 0, "nothing to guess: not counted")
            let named = try await Flow.prepare(world, typed("ﾔﾏﾀﾞ ﾀﾛｳ"))
            #expect(try await !world.execute(world.payer, named, cookie: "c", mailPassword: password).replayed)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func typedAccountsOfThisBankAreLookedUpWithinAnHourlyAllowance(engine: DatabaseEngine) async throws {
        var settings = TransferWorld.settings()
        settings.transfers.nameLookupsPerHour = 3
        try await TransferWorld.with(engine, settings: settings) { world in
            let choice = world.payee.typed(world.payee.ordinary)
            for _ in 1...3 {
                #expect(try await world.bank.transfers.resolveDestination(by: .customer(id: world.payer.id), choice).holderName == "ｽｽﾞｷ ｲﾁﾛｳ")
            }
            await #expect(throws: BankError.tooManyNameLookups) {
                try await world.bank.transfers.resolveDestination(by: .customer(id: world.payer.id), choice)
            }
            // Other banks' accounts and registered payees are not lookups of our customers' names.
            #expect(try await world.bank.transfers.resolveDestination(by: .customer(id: world.payer.id), TransferWorld.otherBank).kind.rawValue == "other")
            let audited = try await world.audit(world.payer, event: "account_name_lookup")
            #expect(audited.count == 3)
            #expect(audited.allSatisfy { $0.detail.hasSuffix(maskedAccountNumber(world.payee.ordinary.accountNumber)) })
            world.clock.advance(by: 3_601)
            #expect(try await world.bank.transfers.resolveDestination(by: .customer(id: world.payer.id), choice).accountID == world.payee.ordinary.id)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func twoAddsOfOnePayeeAtOnceKeepOne(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let form = PayeeForm(bankCode: "0998", branchCode: "201", accountType: "ordinary", accountNumber: "7654321",
                                 holderName: "ｶｸｳ ｼﾞﾛｳ")
            let results = await withTaskGroup(of: Result<Int64, BankError>.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        do {
                            return .success(try await world.bank.payees.add(
                                by: .customer(id: world.payer.id), form, confirmationPassword: SeededCustomer.confirmationPassword,
                                session: TransferWorld.session, client: TransferWorld.client).record.id)
                        } catch let error as BankError { return .failure(error) } catch { return .failure(.customerNotFound) }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            let added = results.filter { if case .success = $0 { true } else { false } }
            let refusals = results.compactMap { result -> BankError? in if case .failure(let error) = result { error } else { nil } }
            #expect(added.count == 1)
            #expect(refusals == Array(repeating: BankError.duplicatePayee, count: 3))
            let listed = try await world.bank.payees.list(by: .customer(id: world.payer.id)).customerRegistered
            #expect(listed.count == 1)
        }
    }
}
