import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// 予約振込 in the back office on both engines: the 予約中 list (filters, a `staff_view`), the
/// 取消 by maker-checker (a clerk asks with a reason, a different 役席 approves; the customer
/// is mailed; audited), the 監査 role read-only, and the bank's cut-off: the run hour of the
/// 振込指定日 (refused at request and at approval after it, and once the booking ran).
@Suite struct ScheduledTransferBackOfficeTests {
    static let client = ClientInfo(ip: "192.0.2.81", userAgent: "ScheduledBackOfficeTest")
    static func day(_ text: String) -> JapanTime.Day { JapanTime.Day(iso: text)! }

    func book(_ world: TransferWorld, amount: String, on date: String) async throws -> TransferView {
        try await ScheduledTransferTests().book(world, world.payee.typed(world.payee.ordinary), amount: amount, on: date)
    }

    static func settings(hour: Int) -> BankSettings {
        var settings = TransferWorld.settings()
        settings.transfers.scheduleHour = hour
        return settings
    }

    @Test(arguments: TestDatabases.engines)
    func clerkAsksAnotherSupervisorApprovesTheCustomerIsMailed(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            world.clock.set(ScheduledTransferTests.bookingTime)
            let office = try await AccessRequestTests.Office.open(world)
            let service = world.bank.scheduledTransfers
            let first = try await book(world, amount: "1000", on: "2026-12-11")
            let second = try await book(world, amount: "2000", on: "2026-12-14")

            // Every role reads the list (the auditor too), audited as a staff_view.
            let all = try await service.backOfficeList(from: "", to: "", loginID: "", by: .staff(office.auditor), client: Self.client)
            #expect(all.bookings.map(\.transfer.id) == [first.id, second.id] && !all.truncated)
            #expect(all.bookings.allSatisfy { $0.loginID == "tanaka01" && $0.bankCancellable && $0.pendingCancelRequest == nil })
            #expect(all.bookings[0].bankCancelDeadline == Self.day("2026-12-11").start)

            // The auditor cannot ask: refused and audited, nothing queued.
            await #expect(throws: BankError.staff(.forbidden)) {
                _ = try await service.requestCancel(id: first.id, reason: "監査", by: .staff(office.auditor), client: Self.client)
            }
            await #expect(throws: BankError.invalidInput([FieldError(field: "reason", messageKey: "error.access_request.reason")])) {
                _ = try await service.requestCancel(id: first.id, reason: "  ", by: .staff(office.clerk), client: Self.client)
            }
            #expect(try await world.bank.accessRequests.pendingCount(by: .staff(office.chief)) == 0)

            let request = try await service.requestCancel(id: first.id, reason: "お客様来店・取消依頼", by: .staff(office.clerk),
                                                          client: Self.client)
            #expect(request.kind == .scheduledTransferCancel && request.target == first.receptionNumber && request.status == .pending)
            await #expect(throws: BankError.accessRequest(.duplicate), "one pending request per booking") {
                _ = try await service.requestCancel(id: first.id, reason: "二重", by: .staff(office.chief), client: Self.client)
            }
            #expect(try await service.backOfficeFind(id: first.id, by: .staff(office.clerk)).pendingCancelRequest == request.id)
            #expect(try await world.bank.scheduledTransfers.waiting(by: .customer(id: world.payer.id)).count == 2,
                    "a request alone cancels nothing")

            // Not by the clerk, not by the auditor; by the other 役席.
            for refused in [office.clerk, office.auditor] {
                await #expect(throws: BankError.accessRequest(.notApprover)) {
                    _ = try await world.bank.accessRequests.approve(id: request.id, note: "", by: .staff(refused), client: Self.client)
                }
            }
            let approved = try await world.bank.accessRequests.approve(id: request.id, note: "確認済み", by: .staff(office.chief),
                                                                         client: Self.client)
            #expect(approved.status == .approved && approved.outcome.contains("reception=\(first.receptionNumber)"))
            let waiting = try await world.bank.scheduledTransfers.waiting(by: .customer(id: world.payer.id))
            #expect(waiting.map(\.id) == [second.id])
            let cancelled = try await service.backOfficeFind(id: first.id, by: .staff(office.clerk))
            #expect(cancelled.transfer.status == .cancelled && cancelled.transfer.statusNote == "by_bank" && !cancelled.bankCancellable)

            let mails = try await world.outbox(kind: "transfer_scheduled_cancelled_by_bank")
            #expect(mails.count == 1)
            let body = try TestMail.body(try #require(mails.first))
            #expect(body.contains(first.receptionNumber) && body.contains("取り消しました"))
            let audit = try await world.audit(world.payer, event: "scheduled_transfer_cancelled")
            #expect(audit.count == 1 && audit[0].actor == "staff:chief001" && audit[0].result == .success)
            #expect(audit[0].detail.contains("by_bank") && audit[0].detail.contains("requested_by=clerk001"))
            #expect(try await world.world.audit(event: "staff_view").contains { $0.detail.contains("scheduled_transfers") && $0.actor == "staff:audit001" })

            // The run of that day runs only the other booking; nothing left the account for the cancelled one.
            let report = try await world.bank.scheduledTransfers.run(day: Self.day("2026-12-14"), by: .operator(name: "test"))
            #expect(report.entries.map(\.receptionNumber) == [second.receptionNumber])
            try await world.expectLedgerConsistent()
        }
    }

    @Test(arguments: TestDatabases.engines)
    func theBankMayCancelUntilTheRunHourNeverAfterNorOnceItRan(engine: DatabaseEngine) async throws {
        // The run at 09:00 JST: the customer's deadline is 00:00, the bank's 09:00.
        try await TransferWorld.with(engine, settings: Self.settings(hour: 9)) { world in
            world.clock.set(ScheduledTransferTests.bookingTime)
            let office = try await AccessRequestTests.Office.open(world)
            let service = world.bank.scheduledTransfers
            let early = try await book(world, amount: "1000", on: "2026-12-11")
            let late = try await book(world, amount: "2000", on: "2026-12-11")
            let run = try await book(world, amount: "3000", on: "2026-12-10")

            // 08:59:59 on the day: past the customer's deadline, still the bank's.
            world.clock.set(Self.day("2026-12-11").start.addingTimeInterval(9 * 3600 - 1))
            await #expect(throws: BankError.scheduleRefused(.cancelDeadlinePassed)) {
                _ = try await service.cancel(by: .customer(id: world.payer.id), receptionNumber: early.receptionNumber,
                                             confirmationPassword: SeededCustomer.confirmationPassword, client: Self.client)
            }
            let request = try await service.requestCancel(id: early.id, reason: "不正の疑い", by: .staff(office.clerk), client: Self.client)
            _ = try await world.bank.accessRequests.approve(id: request.id, note: "", by: .staff(office.chief), client: Self.client)
            #expect(try await service.backOfficeFind(id: early.id, by: .staff(office.clerk)).transfer.status == .cancelled)

            // Asked before 09:00, approved at 09:00: refused, audited, the request stays pending, the booking waits.
            let lateRequest = try await service.requestCancel(id: late.id, reason: "取消依頼", by: .staff(office.clerk), client: Self.client)
            world.clock.set(Self.day("2026-12-11").start.addingTimeInterval(9 * 3600))
            let snapshot = try await world.snapshot()
            await #expect(throws: BankError.scheduleRefused(.bankCancelDeadlinePassed)) {
                _ = try await world.bank.accessRequests.approve(id: lateRequest.id, note: "", by: .staff(office.chief), client: Self.client)
            }
            #expect(try await world.snapshot() == snapshot)
            #expect(try await world.bank.accessRequests.find(id: lateRequest.id, by: .staff(office.chief)).status == .pending)
            #expect(try await service.backOfficeFind(id: late.id, by: .staff(office.clerk)).transfer.status == .scheduled)
            let refusedApprovals = try await world.audit(world.payer, event: "access_request_approved").filter { $0.result == .refused }
            #expect(refusedApprovals.count == 1 && refusedApprovals[0].detail.contains("bank_cancel_deadline"))
            // A new request after 09:00 is refused too (and audited).
            _ = try await world.bank.accessRequests.withdraw(id: lateRequest.id, by: .staff(office.clerk), client: Self.client)
            await #expect(throws: BankError.scheduleRefused(.bankCancelDeadlinePassed)) {
                _ = try await service.requestCancel(id: late.id, reason: "取消依頼", by: .staff(office.clerk), client: Self.client)
            }
            #expect(try await world.audit(world.payer, event: "access_requested").filter { $0.result == .refused }.count == 1)

            // Once it ran: refused as not scheduled.
            _ = try await world.bank.scheduledTransfers.run(day: Self.day("2026-12-10"), by: .operator(name: "test"))
            await #expect(throws: BankError.scheduleRefused(.notScheduled)) {
                _ = try await service.requestCancel(id: run.id, reason: "取消依頼", by: .staff(office.clerk), client: Self.client)
            }
            try await world.expectLedgerConsistent()
        }
    }

    @Test(arguments: TestDatabases.engines)
    func theListFiltersByDayAndCustomerAndNamesABadField(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            world.clock.set(ScheduledTransferTests.bookingTime)
            let office = try await AccessRequestTests.Office.open(world)
            let service = world.bank.scheduledTransfers
            let first = try await book(world, amount: "1000", on: "2026-12-11")
            let second = try await book(world, amount: "2000", on: "2026-12-15")
            func ids(_ from: String, _ to: String, _ loginID: String) async throws -> [Int64] {
                try await service.backOfficeList(from: from, to: to, loginID: loginID, by: .staff(office.clerk)).bookings.map(\.transfer.id)
            }
            #expect(try await ids("2026-12-11", "2026-12-11", "") == [first.id])
            #expect(try await ids("2026-12-12", "", "") == [second.id])
            #expect(try await ids("", "", "TANAKA01") == [first.id, second.id], "the login ID as typed")
            #expect(try await ids("", "", "suzuki01") == [])
            let cases: [(String, String, String, FieldError)] = [
                ("2026-13-01", "", "", FieldError(field: "from", messageKey: "error.date.invalid")),
                ("2026-12-15", "2026-12-11", "", FieldError(field: "to", messageKey: "error.schedule.range")),
                ("", "", "nobody99", FieldError(field: "login_id", messageKey: "error.schedule.customer_unknown")),
            ]
            for (from, to, loginID, field) in cases {
                await #expect(throws: BankError.invalidInput([field])) { _ = try await ids(from, to, loginID) }
            }
            await #expect(throws: BankError.transferNotFound) {
                _ = try await service.backOfficeFind(id: 999_999, by: .staff(office.clerk))
            }
            await #expect(throws: BankError.staff(.forbidden)) {
                _ = try await service.backOfficeList(from: "", to: "", loginID: "", by: .customer(id: world.payer.id))
            }
        }
    }
}
