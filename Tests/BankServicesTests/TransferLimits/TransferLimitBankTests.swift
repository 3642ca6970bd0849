import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// The bank's side of the customers' raises: the list and 取消 by staff, the counter's change
/// superseding a waiting raise, one transfer check under parallel 実行 across the moment a
/// raise falls due, and 補償判定資料's "was the limit a raised one".
@Suite struct TransferLimitBankTests {
    static let client = ClientInfo(ip: "192.0.2.71", userAgent: "TransferLimitBankTest")

    @Test(arguments: TestDatabases.engines)
    func staffSeeAndCancelAWaitingRaise(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine, settings: TransferWorld.limitSettings()) { world in
            let office = try await AccessRequestTests.Office.open(world)
            let limits = world.bank.transferLimits
            guard case .raiseRequested(let raise) = try await world.changeLimit("150000") else { Issue.record("raise"); return }
            let listed = try await limits.pendingRaises(by: .staff(office.auditor), client: Self.client)
            #expect(listed.map(\.raise) == [raise] && listed.first?.loginID == "tanaka01")
            #expect(try await world.bank.backOffice.customerDetail(customerID: world.payer.id, by: .staff(office.auditor),
                                                                   client: Self.client).dailyLimit.pendingRaise == raise)
            // 監査 only reads; a reason is required.
            await #expect(throws: BankError.staff(.forbidden)) {
                _ = try await limits.cancelRaise(raiseID: raise.id, customerID: world.payer.id, reason: "不正の疑い",
                                                 by: .staff(office.auditor), client: Self.client)
            }
            await #expect(throws: BankError.invalidInput([FieldError(field: "reason", messageKey: "error.access_request.reason")])) {
                _ = try await limits.cancelRaise(raiseID: raise.id, customerID: world.payer.id, reason: " ",
                                                 by: .staff(office.clerk), client: Self.client)
            }
            #expect(try await world.outbox(kind: "transfer_limit_raise_cancelled").isEmpty)
            _ = try await limits.cancelRaise(raiseID: raise.id, customerID: world.payer.id, reason: "お客様から心当たりなしと連絡",
                                             by: .staff(office.clerk), client: Self.client)
            #expect(try await limits.pendingRaises(by: .staff(office.clerk)).isEmpty)
            let mail = try #require(try await world.outbox(kind: "transfer_limit_raise_cancelled").first)
            let body = try MailText.body(mail)
            #expect(body.contains("当組合のお手続き") && body.contains("by the bank"))
            let row = try #require(try await world.audit(world.payer, event: "transfer_limit_raise_cancelled")
                .first { $0.result == .success })
            #expect(row.actor == "staff:clerk001" && row.detail.hasPrefix("by_bank") && row.detail.contains("reason="))
            let refused = try #require(try await world.audit(world.payer, event: "transfer_limit_raise_cancelled")
                .first { $0.result == .refused })
            #expect(refused.actor == "staff:audit001")
            world.clock.set(TransferWorld.nextMidnight)
            #expect(try await world.limitOverview().status.limit == Yen(100_000))
        }
    }

    @Test(arguments: TestDatabases.engines)
    func theCountersChangeSupersedesAWaitingRaise(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine, settings: TransferWorld.limitSettings()) { world in
            let office = try await AccessRequestTests.Office.open(world)
            guard case .raiseRequested(let raise) = try await world.changeLimit("150000") else { Issue.record("raise"); return }
            let change = try await world.bank.accessRequests.changeTransferLimit(customerID: world.payer.id, amount: "80,000",
                                                                                 reason: "お客様のご希望", by: .staff(office.clerk),
                                                                                 client: Self.client)
            #expect(change == .applied(Yen(80_000)))
            #expect(try await world.limitOverview().status.pendingRaise == nil)
            #expect(try await world.raiseRows().first?.raise.endReason == .superseded)
            let row = try #require(try await world.audit(world.payer, event: "transfer_limit_changed").first)
            #expect(row.detail.contains("superseded=\(raise.id)"))
            world.clock.set(TransferWorld.nextMidnight)
            #expect(try await world.limitOverview().status.limit == Yen(80_000), "the raise never applies")
            // The command line sees the same limit.
            #expect(try await world.bank.transferLimits.status(loginID: "tanaka01").limit == Yen(80_000))
        }
    }

    /// A raise due at midnight: a transfer just before counts against the old limit, those after
    /// against the new one, and parallel 実行 never spend more than the limit in force.
    @Test(arguments: TestDatabases.engines)
    func aRaiseFallingDueBetweenTransfersKeepsTheDailyLimit(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine, settings: TransferWorld.limitSettings(delay: .seconds(60))) { world in
            guard case .raiseRequested(let raise) = try await world.changeLimit("150000") else { Issue.record("raise"); return }
            try await world.payOut("90000")
            world.clock.set(raise.effectiveAt)
            // Two confirmations prepared, both executed at once: 90,000 + 50,000 each would exceed 150,000.
            let cookies = [TransferWorld.cookie(), TransferWorld.cookie()]
            var confirmations: [TransferConfirmation] = []
            for cookie in cookies {
                confirmations.append(try await world.bank.transfers.prepare(
                    by: .customer(id: world.payer.id), sessionCookie: cookie, sourceAccountID: world.payer.ordinary.id,
                    choice: TransferWorld.otherBank, amount: "50000"))
            }
            let results = await withTaskGroup(of: Bool.self) { group in
                for (confirmation, cookie) in zip(confirmations, cookies) {
                    group.addTask { (try? await world.execute(world.payer, confirmation, cookie: cookie)) != nil }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(results.filter { $0 }.count == 1, "exactly one fits in the raised limit: \(results)")
            let status = try await world.limitOverview().status
            #expect(status.limit == Yen(150_000) && status.remainingToday == Yen(10_000))
            try await world.expectLedgerConsistent()
        }
    }

    @Test(arguments: TestDatabases.engines)
    func compensationReportSaysWhetherTheLimitWasARaisedOne(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine, settings: TransferWorld.limitSettings(delay: .seconds(60))) { world in
            let office = try await AccessRequestTests.Office.open(world)
            guard case .raiseRequested(let raise) = try await world.changeLimit("150000") else { Issue.record("raise"); return }
            let before = try await world.payOut("10000").transfer
            world.clock.set(raise.effectiveAt.addingTimeInterval(1))
            let after = try await world.payOut("10000").transfer
            let compensation = world.bank.compensation
            let early = try await compensation.report(transferID: before.id, by: .staff(office.auditor), client: Self.client)
            #expect(early.transferLimitRaise == nil)
            let late = try await compensation.report(transferID: after.id, by: .staff(office.auditor), client: Self.client)
            #expect(late.transferLimitRaise == raise)
            #expect(late.entries.first { $0.transfer?.id == after.id }?.limitRaise == raise)
            #expect(late.entries.first { $0.transfer?.id == before.id }?.limitRaise == nil)
        }
    }
}
