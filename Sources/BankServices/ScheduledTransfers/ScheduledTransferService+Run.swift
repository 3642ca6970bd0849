import BankCore
import BankStore
import Foundation
import SQLKit
import ServiceLifecycle

extension ScheduledTransferService {
    /// The scheduler: every booking due on or before `day`, each in its own transaction with
    /// its status change (claimed under `FOR UPDATE SKIP LOCKED` on PostgreSQL, by SQLite's one
    /// writer otherwise), so several servers run it at once and a kill mid-run loses nothing:
    /// a booking is either still 予約中 (run again next time) or ended with its posting. Funds
    /// are checked now: short → 残高不足 and a mail; otherwise it settles like 実行 (in the bank
    /// at once, other banks into the interbank queue as 受付済). A booking whose day passed
    /// while no run happened runs late, logged and told in its mail; never skipped.
    public func run(day: JapanTime.Day, by actor: BankActor) async throws -> ScheduleRunReport {
        let actorName = try auditActor(actor)
        var report = ScheduleRunReport(day: day)
        // A server shutting down stops between bookings (never inside one); the rest stay 予約中.
        while !Task.isShuttingDownGracefully, let entry = try await runOne(day: day, actor: actorName) {
            report.entries.append(entry)
            if entry.late {
                logger.warning("scheduled transfer ran after its day",
                               metadata: ["reception": "\(entry.receptionNumber)", "scheduled": "\(entry.scheduledFor)",
                                          "run": "\(day.iso)"])
            }
        }
        if !report.entries.isEmpty { mailNotifier.notify() }
        return report
    }

    /// `kyoei serve`'s scheduler: today's run once the JST hour has come (nil before).
    public func runIfDue() async throws -> ScheduleRunReport? {
        guard let day = ScheduleRules.runDay(now: clock.now(), hour: settings.transfers.scheduleHour) else {
            BankMetrics.schedulerRun(outcome: "not_due")
            return nil
        }
        do {
            let report = try await run(day: day, by: .system)
            BankMetrics.schedulerRun(outcome: "ran")
            return report
        } catch {
            BankMetrics.schedulerRun(outcome: "error")
            throw error
        }
    }

    private func auditActor(_ actor: BankActor) throws -> AuditActor {
        switch actor {
        case .system: .system
        case .operator(let name): .staff(name)
        case .customer, .staff: throw BankError.staff(.forbidden)
        }
    }

    /// One booking, in one transaction; nil when none is due.
    private func runOne(day: JapanTime.Day, actor: AuditActor) async throws -> ScheduleRunReport.Entry? {
        let engine = database.engine
        return try await database.transaction { db -> ScheduleRunReport.Entry? in
            guard let row = try await TransferRecords.claimDue(db, engine: engine, onOrBefore: day.iso),
                  let scheduled = row.scheduledFor.flatMap(JapanTime.Day.init(iso:)) else { return nil }
            let now = clock.now()
            let late = ScheduleRules.isLate(scheduledFor: scheduled, executedOn: day)
            guard let customer = try await CustomerRecords.find(db, id: row.customerID) else { throw BankError.customerNotFound }
            let status = try await settle(db, row, customer: customer, at: now)
            let kind: MailTemplates.ScheduledMail = status == .insufficientFunds || status == .cancelled ? .failed : .executed
            try await enqueueScheduledMail(db, kind, row, customer: customer, late: late, at: now)
            var detail: AuditDetail = [.field(.reception, row.receptionNumber), .field(.scheduled, scheduled.iso),
                                       .field(.amount, row.amount.value), .field(.status, status.rawValue)]
            if late { detail = detail + [.field(.late, day.iso)] }
            BankMetrics.scheduledTransfer(route: BankMetrics.route(kind: row.destinationKind, route: row.route), status: status.rawValue)
            try await AuditRecords.write(db, .scheduledTransferRun, kind == .executed ? .success : .failure, by: actor,
                                         customerID: customer.id, loginID: customer.loginID, detail: detail, at: now)
            return .init(receptionNumber: row.receptionNumber, scheduledFor: scheduled.iso, status: status, late: late)
        }
    }

    /// Posts the booking (or ends it for lack of funds, or a closed account in this bank) and
    /// moves its status from 予約中 in the same transaction.
    private func settle(_ db: any SQLDatabase, _ row: TransferRecord, customer: CustomerRecord, at now: Date) async throws -> TransferStatus {
        func finish(_ status: TransferStatus, ledger: Int64?, note: String?) async throws -> TransferStatus {
            guard try await TransferRecords.finishScheduled(db, id: row.id, to: status, ledgerTransactionID: ledger, note: note,
                                                            executed: true, at: now) else { throw BankError.transferStatus(row.status.rawValue) }
            return status
        }
        guard let source = try await AccountRecords.find(db, id: row.sourceAccountID) else { throw BankError.accountNotFound }
        let settles = row.route.settlesAtOnce
        var postings = [Posting(accountID: source.id, amount: Yen(0) - row.amount - row.fee)]
        if settles {
            guard let creditID = row.destinationAccountID, let credit = try await AccountRecords.find(db, id: creditID),
                  credit.customerID != nil else { return try await finish(.cancelled, ledger: nil, note: "destination_closed") }
            postings.append(Posting(accountID: credit.id, amount: row.amount))
        } else {
            postings.append(Posting(accountID: try await internalAccountID(db, "interbank_clearing"), amount: row.amount))
        }
        if row.fee > Yen(0) { postings.append(Posting(accountID: try await internalAccountID(db, "fee_income"), amount: row.fee)) }
        if !source.allowNegative, source.balance < row.amount + row.fee {
            return try await finish(.insufficientFunds, ledger: nil, note: "insufficient_funds")
        }
        let memo = row.destinationKind == .own ? "振替 \(row.holderName)" : "振込 \(customer.nameKana)→\(row.holderName)"
        let ledgerID: Int64
        do {
            ledgerID = try await LedgerRecords.post(db, kind: row.destinationKind == .own ? "transfer_own" : "transfer",
                                                    memo: memo, postings: postings, idempotencyKey: "transfer:\(row.nonce)",
                                                    actor: "scheduler", at: now)
        } catch StoreError.insufficientFunds {
            return try await finish(.insufficientFunds, ledger: nil, note: "insufficient_funds")
        }
        return try await finish(settles ? .completed : .accepted, ledger: ledgerID, note: nil)
    }
}
