import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// 予約振込 on both engines with the manual clock: booking (nothing posted, the limit counted
/// on the booking day, a mail), refusals of closed days (nothing written), 取消 before and
/// after the deadline, the run (once, short funds, another bank, late) and the ledger after each.
@Suite struct ScheduledTransferTests {
    static func day(_ text: String) -> JapanTime.Day { JapanTime.Day(iso: text)! }
    /// 2026-12-09 (水) 10:00 JST: booking day.
    static let bookingTime = day("2026-12-09").start.addingTimeInterval(10 * 3600)

    func book(_ world: TransferWorld, _ choice: DestinationChoice, amount: String, on date: String,
              cookie: String = TransferWorld.cookie()) async throws -> TransferView {
        let confirmation = try await world.bank.transfers.prepare(
            by: .customer(id: world.payer.id), sessionCookie: cookie, sourceAccountID: world.payer.ordinary.id, choice: choice,
            amount: amount, scheduledFor: date)
        #expect(confirmation.scheduledFor == date)
        return try await world.execute(world.payer, confirmation, cookie: cookie).transfer
    }

    func run(_ world: TransferWorld, _ date: String) async throws -> ScheduleRunReport {
        try await world.bank.scheduledTransfers.run(day: Self.day(date), by: .operator(name: "test"))
    }

    @Test(arguments: TestDatabases.engines)
    func bookingPostsNothingCountsTheLimitTodayAndMails(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            world.clock.set(Self.bookingTime)
            let before = try await world.balance(world.payer.ordinary)
            let booked = try await book(world, world.payee.typed(world.payee.savings), amount: "600000", on: "2026-12-11")
            #expect(booked.status == .scheduled && booked.scheduledFor == Self.day("2026-12-11") && booked.ledgerTransactionID == nil)
            #expect(booked.fee == Yen(220), "the fee is shown and kept at booking")
            #expect(try await world.balance(world.payer.ordinary) == before, "nothing leaves the account before the day")
            // 1,000,000 a day: 600,000 booked today leaves 400,000 for today.
            await #expect(throws: BankError.transferRefused(.overDailyLimit(remaining: Yen(400_000), limit: Yen(1_000_000)))) {
                _ = try await world.bank.transfers.prepare(by: .customer(id: world.payer.id), sessionCookie: "c",
                                                           sourceAccountID: world.payer.ordinary.id,
                                                           choice: world.payee.typed(world.payee.ordinary), amount: "500000")
            }
            let mails = try await world.outbox(kind: "transfer_scheduled")
            #expect(mails.count == 1)
            let body = try TestMail.body(try #require(mails.first))
            #expect(body.contains("2026年12月11日") && body.contains("2026-12-11") && body.contains(booked.receptionNumber))
            #expect(!body.contains(world.payee.savings.accountNumber), "the account number is masked")
            #expect(try await world.audit(world.payer, event: "transfer_scheduled").count == 1)
            #expect(try await world.bank.scheduledTransfers.waiting(by: .customer(id: world.payer.id)).map(\.id) == [booked.id])
            try await world.expectLedgerConsistent()
        }
    }

    @Test(arguments: TestDatabases.engines)
    func closedAndFarDaysAreRefusedWithNothingWritten(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            world.clock.set(Self.bookingTime)
            let snapshot = try await world.snapshot()
            let cases: [(String, ScheduleRefusal)] = [
                ("2026-12-12", .notBusinessDay(day: Self.day("2026-12-12"), next: Self.day("2026-12-14"))),
                ("2027-01-01", .notBusinessDay(day: Self.day("2027-01-01"), next: Self.day("2027-01-04"))),
                ("2027-01-12", .tooFarAhead(last: Self.day("2027-01-09"))),
                ("2026-12-01", .invalidDate),
            ]
            for (date, refusal) in cases {
                await #expect(throws: BankError.scheduleRefused(refusal), "\(date)") {
                    _ = try await world.bank.transfers.prepare(by: .customer(id: world.payer.id), sessionCookie: "c",
                                                               sourceAccountID: world.payer.ordinary.id,
                                                               choice: world.payee.typed(world.payee.ordinary), amount: "1000",
                                                               scheduledFor: date)
                }
            }
            #expect(try await world.snapshot() == snapshot)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func cancelUntil2359OfTheDayBeforeWithTheConfirmationPassword(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            world.clock.set(Self.bookingTime)
            let first = try await book(world, world.payee.typed(world.payee.ordinary), amount: "1000", on: "2026-12-11")
            let second = try await book(world, world.payee.typed(world.payee.ordinary), amount: "2000", on: "2026-12-11")
            let actor = BankActor.customer(id: world.payer.id)
            await #expect(throws: BankError.wrongConfirmationPassword) {
                _ = try await world.bank.scheduledTransfers.cancel(by: actor, receptionNumber: first.receptionNumber,
                                                                   confirmationPassword: "wrong", client: TransferWorld.client)
            }
            // 23:59:59 the day before: still possible.
            world.clock.set(Self.day("2026-12-11").start.addingTimeInterval(-1))
            let cancelled = try await world.bank.scheduledTransfers.cancel(
                by: actor, receptionNumber: first.receptionNumber, confirmationPassword: SeededCustomer.confirmationPassword,
                client: TransferWorld.client)
            #expect(cancelled.status == .cancelled)
            #expect(try await world.outbox(kind: "transfer_scheduled_cancelled").count == 1)
            await #expect(throws: BankError.scheduleRefused(.notScheduled)) {
                _ = try await world.bank.scheduledTransfers.cancel(by: actor, receptionNumber: first.receptionNumber,
                                                                   confirmationPassword: SeededCustomer.confirmationPassword,
                                                                   client: TransferWorld.client)
            }
            // 00:00 on the day: too late, and the booking stays.
            world.clock.set(Self.day("2026-12-11").start)
            await #expect(throws: BankError.scheduleRefused(.cancelDeadlinePassed)) {
                _ = try await world.bank.scheduledTransfers.cancel(by: actor, receptionNumber: second.receptionNumber,
                                                                   confirmationPassword: SeededCustomer.confirmationPassword,
                                                                   client: TransferWorld.client)
            }
            #expect(try await world.bank.scheduledTransfers.waiting(by: actor).map(\.id) == [second.id])
            // Another customer cannot even see it.
            await #expect(throws: BankError.transferNotFound) {
                _ = try await world.bank.scheduledTransfers.cancel(by: .customer(id: world.payee.id), receptionNumber: second.receptionNumber,
                                                                   confirmationPassword: SeededCustomer.confirmationPassword,
                                                                   client: TransferWorld.client)
            }
            let report = try await run(world, "2026-12-11")
            #expect(report.entries.map(\.receptionNumber) == [second.receptionNumber], "the cancelled one does not run")
            try await world.expectLedgerConsistent()
        }
    }

    @Test(arguments: TestDatabases.engines)
    func theRunExecutesEachDueBookingOnceAndSettlesLikeATransfer(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            world.clock.set(Self.bookingTime)
            let inBank = try await book(world, world.payee.typed(world.payee.savings), amount: "30000", on: "2026-12-11")
            let otherBank = try await book(world, TransferWorld.otherBank, amount: "5000", on: "2026-12-11")
            let later = try await book(world, world.payee.typed(world.payee.savings), amount: "1000", on: "2026-12-14")
            let (payerBefore, payeeBefore) = (try await world.balance(world.payer.ordinary), try await world.balance(world.payee.savings))
            world.clock.set(Self.day("2026-12-11").start.addingTimeInterval(5 * 60))
            #expect(try await run(world, "2026-12-10").entries.isEmpty, "nothing is due the day before")
            let report = try await run(world, "2026-12-11")
            #expect(Set(report.entries.map(\.receptionNumber)) == [inBank.receptionNumber, otherBank.receptionNumber])
            #expect(report.executed == 2 && report.failed == 0 && !report.entries.contains(where: \.late))
            #expect(try await run(world, "2026-12-11").entries.isEmpty, "a second run finds nothing")
            let actor = BankActor.customer(id: world.payer.id)
            let done = try #require(try await world.bank.transfers.find(by: actor, receptionNumber: inBank.receptionNumber))
            #expect(done.status == .completed && done.ledgerTransactionID != nil && done.executedAt != nil)
            let queued = try #require(try await world.bank.transfers.find(by: actor, receptionNumber: otherBank.receptionNumber))
            #expect(queued.status == .accepted, "other banks: into the interbank queue as 受付済")
            #expect(try await world.balance(world.payee.savings) == payeeBefore + 30_000)
            let otherFee = queued.fee.value
            #expect(try await world.balance(world.payer.ordinary) == payerBefore - 30_000 - 220 - 5_000 - otherFee)
            #expect(try await world.outbox(kind: "transfer_scheduled_executed").count == 2)
            #expect(try await world.audit(world.payer, event: "scheduled_transfer_run").count == 2)
            #expect(try await world.bank.scheduledTransfers.waiting(by: actor).map(\.id) == [later.id])
            try await world.expectLedgerConsistent()
        }
    }

    @Test(arguments: TestDatabases.engines)
    func shortFundsEndTheBookingWithAMailAndLateRunsAreTold(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            world.clock.set(Self.bookingTime)
            let big = try await book(world, world.payee.typed(world.payee.ordinary), amount: "900000", on: "2026-12-11")
            world.clock.set(Self.day("2026-12-10").start.addingTimeInterval(10 * 3600))
            // The next day the customer spends most of the money at once.
            try await world.transfer(world.payer, from: world.payer.ordinary, to: world.payee.typed(world.payee.savings), amount: "500000")
            let before = try await world.snapshot()
            // The server was down on the 11th: the run of the 14th takes it, late.
            world.clock.set(Self.day("2026-12-14").start.addingTimeInterval(60))
            let report = try await run(world, "2026-12-14")
            #expect(report.entries.count == 1 && report.entries[0].status == .insufficientFunds && report.entries[0].late)
            let ended = try #require(try await world.bank.transfers.find(by: .customer(id: world.payer.id), receptionNumber: big.receptionNumber))
            #expect(ended.status == .insufficientFunds && ended.ledgerTransactionID == nil)
            var after = try await world.snapshot()
            after.outbox -= 1
            #expect(after == before, "no money moved")
            let failed = try await world.outbox(kind: "transfer_scheduled_failed")
            #expect(failed.count == 1)
            #expect(try TestMail.body(try #require(failed.first)).contains("振込指定日に処理できなかった"))
            #expect(try await world.audit(world.payer, event: "scheduled_transfer_run").first?.detail.contains("late=2026-12-14") == true)
            try await world.expectLedgerConsistent()
        }
    }

    /// Two runs at once on PostgreSQL (two servers): each booking runs exactly once.
    @Test(arguments: TestDatabases.engines)
    func concurrentRunsExecuteEachBookingOnce(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            world.clock.set(Self.bookingTime)
            var booked: [TransferView] = []
            for index in 0..<12 {
                booked.append(try await book(world, world.payee.typed(world.payee.savings), amount: String(1_000 + index), on: "2026-12-11"))
            }
            let payeeBefore = try await world.balance(world.payee.savings)
            world.clock.set(Self.day("2026-12-11").start.addingTimeInterval(60))
            async let first = run(world, "2026-12-11")
            async let second = run(world, "2026-12-11")
            let reports = try await [first, second]
            let ran = reports.flatMap(\.entries).map(\.receptionNumber)
            #expect(ran.count == booked.count && Set(ran) == Set(booked.map(\.receptionNumber)), "each once: \(reports.map(\.entries.count))")
            let total = booked.map(\.amount.value).reduce(0, +)
            #expect(try await world.balance(world.payee.savings) == payeeBefore + total)
            #expect(try await world.outbox(kind: "transfer_scheduled_executed").count == booked.count)
            try await world.expectLedgerConsistent()
        }
    }
}
