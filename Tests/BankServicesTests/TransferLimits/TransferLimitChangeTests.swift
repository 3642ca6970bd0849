import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// 振込限度額変更 by the customer: lower at once, raise after the cooling-off (mailed, cancellable),
/// the ceiling by extra factor, the 確認用パスワード, nothing written on refusal.
@Suite struct TransferLimitChangeTests {
    static func invalid(_ field: String, _ key: String) -> BankError {
        BankError.invalidInput([FieldError(field: field, messageKey: key)])
    }

    @Test(arguments: TestDatabases.engines)
    func lowerAppliesAtOnceAndIsMailedAndAudited(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine, settings: TransferWorld.limitSettings()) { world in
            #expect(try await world.changeLimit("５０，０００円") == .lowered(Yen(50_000)))
            let overview = try await world.limitOverview()
            #expect(overview.status.limit == Yen(50_000) && overview.status.inForce.source == .own)
            await #expect(throws: BankError.transferRefused(.overDailyLimit(remaining: Yen(50_000), limit: Yen(50_000)))) {
                try await world.payOut("50001")
            }
            let mail = try #require(try await world.outbox(kind: "transfer_limit_lowered").first)
            #expect(mail.recipients == ["tanaka01@example.jp"])
            #expect(try MailText.subject(mail).hasPrefix("【きょうえい】振込限度額変更のお知らせ"))
            let body = try MailText.body(mail)
            #expect(body.contains("変更前: 100,000円") && body.contains("変更後: 50,000円") && body.contains("Now: 50,000 yen"))
            let row = try #require(try await world.audit(world.payer, event: "transfer_limit_changed").first)
            #expect(row.actor == "customer" && row.detail.contains("from=100000") && row.detail.contains("to=50000"))
            #expect(try await world.raiseRows().isEmpty)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func raiseWaitsUntilTheNextBusinessDayAndIsMailedAtOnce(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine, settings: TransferWorld.limitSettings()) { world in
            guard case .raiseRequested(let raise) = try await world.changeLimit("150,000") else {
                Issue.record("a raise must wait"); return
            }
            #expect(raise.effectiveAt == TransferWorld.nextMidnight && raise.previous == Yen(100_000))
            let overview = try await world.limitOverview()
            #expect(overview.status.limit == Yen(100_000), "still the old limit")
            #expect(overview.status.pendingRaise == raise)
            #expect(overview.ceiling == LimitCeiling(amount: Yen(200_000), basis: .noExtraFactor))

            let mail = try #require(try await world.outbox(kind: "transfer_limit_raise_requested").first)
            #expect(mail.recipients == ["tanaka01@example.jp"] && mail.urgent)
            let body = try MailText.body(mail)
            #expect(body.contains("引上げ後の限度額: 150,000円") && body.contains("適用日時: 2026年11月26日 00:00"))
            #expect(body.contains("お心当たりのない場合") && body.contains("If this was not you"))
            let audit = try #require(try await world.audit(world.payer, event: "transfer_limit_raise_requested").first)
            #expect(audit.detail.contains("raise=\(raise.id)") && audit.detail.contains("to=150000"))
            #expect(audit.factors.presented.contains(.confirmationPassword))

            await #expect(throws: BankError.transferRefused(.overDailyLimit(remaining: Yen(100_000), limit: Yen(100_000)))) {
                try await world.payOut("120000")
            }
            world.clock.set(TransferWorld.nextMidnight)
            try await world.payOut("120000")
            let after = try await world.limitOverview()
            #expect(after.status.limit == Yen(150_000) && after.status.inForce.raise == raise && after.status.pendingRaise == nil)
            #expect(after.status.remainingToday == Yen(30_000))
        }
    }

    @Test(arguments: TestDatabases.engines)
    func ceilingWithoutAFactorAndRefusalsWriteNothing(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine, settings: TransferWorld.limitSettings()) { world in
            let before = try await world.snapshot()
            await #expect(throws: Self.invalid("amount", "error.transfer_limit.over_ceiling.no_extra_factor")) {
                try await world.changeLimit("200,001")
            }
            await #expect(throws: Self.invalid("amount", "error.transfer_limit.unchanged")) { try await world.changeLimit("100000") }
            await #expect(throws: Self.invalid("amount", "error.transfer_limit.required")) { try await world.changeLimit(" ") }
            await #expect(throws: Self.invalid("amount", "error.transfer_limit.out_of_range")) { try await world.changeLimit("0") }
            await #expect(throws: Self.invalid("confirmation_password", "error.confirmation_password.required")) {
                try await world.changeLimit("50000", password: "")
            }
            await #expect(throws: BankError.wrongConfirmationPassword) { try await world.changeLimit("150000", password: "Wrong2026pass") }
            #expect(try await world.snapshot() == before, "no mail, no money moved")
            #expect(try await world.raiseRows().isEmpty)
            #expect(try await world.limitOverview().status.limit == Yen(100_000))
            #expect(try await world.audit(world.payer, event: "transfer_limit_changed").isEmpty)
            #expect(try await world.audit(world.payer, event: "transfer_limit_raise_requested").isEmpty)
            #expect(try await world.credential(world.payer, .confirmationPassword).failures == 1, "the wrong password counts")
            let wrong = try #require(try await world.audit(world.payer, event: "confirmation_password").first)
            #expect(wrong.result == .failure && wrong.detail.hasPrefix("transfer_limit"))

            // With the mail password the bank's ceiling applies.
            try await world.turnOnMailPassword()
            #expect(try await world.limitOverview().ceiling == LimitCeiling(amount: Yen(10_000_000), basis: .withExtraFactor))
            guard case .raiseRequested = try await world.changeLimit("10,000,000") else { Issue.record("raise"); return }
            await #expect(throws: Self.invalid("amount", "error.transfer_limit.over_ceiling.with_extra_factor")) {
                try await world.changeLimit("10,000,001")
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func customerCancelsAndANewRaiseOrALowerValueReplacesTheWaitingOne(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine, settings: TransferWorld.limitSettings()) { world in
            guard case .raiseRequested(let first) = try await world.changeLimit("150000") else { Issue.record("raise"); return }
            let cancelled = try await world.bank.transferLimits.cancelRaise(by: .customer(id: world.payer.id), raiseID: first.id,
                                                                           client: TransferWorld.client)
            #expect(cancelled.id == first.id)
            #expect(try await world.limitOverview().status.pendingRaise == nil)
            let mail = try #require(try await world.outbox(kind: "transfer_limit_raise_cancelled").first)
            #expect(try MailText.body(mail).contains("お客様のお手続き"))
            let row = try #require(try await world.audit(world.payer, event: "transfer_limit_raise_cancelled").first)
            #expect(row.actor == "customer" && row.detail.hasPrefix("by_customer"))
            await #expect(throws: Self.invalid("raise", "error.transfer_limit.not_pending")) {
                _ = try await world.bank.transferLimits.cancelRaise(by: .customer(id: world.payer.id), raiseID: first.id,
                                                                   client: TransferWorld.client)
            }
            // Another customer cannot cancel it.
            guard case .raiseRequested(let second) = try await world.changeLimit("160000") else { Issue.record("raise"); return }
            await #expect(throws: Self.invalid("raise", "error.transfer_limit.not_pending")) {
                _ = try await world.bank.transferLimits.cancelRaise(by: .customer(id: world.payer.id + 1), raiseID: second.id,
                                                                   client: TransferWorld.client)
            }
            // A new raise replaces the waiting one and restarts the cooling-off.
            world.clock.advance(by: 3600)
            guard case .raiseRequested(let third) = try await world.changeLimit("180000") else { Issue.record("raise"); return }
            #expect(try await world.limitOverview().status.pendingRaise == third)
            #expect(try await world.raiseRows().first { $0.raise.id == second.id }?.raise.endReason == .replaced)
            // The same value as in force while a raise waits: kept, and the raise ends.
            #expect(try await world.changeLimit("100000") == .lowered(Yen(100_000)))
            #expect(try await world.limitOverview().status.pendingRaise == nil)
            #expect(try await world.raiseRows().first { $0.raise.id == third.id }?.raise.endReason == .superseded)
            world.clock.set(TransferWorld.nextMidnight.addingTimeInterval(86_400 * 7))
            #expect(try await world.limitOverview().status.limit == Yen(100_000), "no ended raise ever applies")
        }
    }
}
