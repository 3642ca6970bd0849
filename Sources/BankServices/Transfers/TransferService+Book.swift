import BankCore
import BankStore
import Foundation
import SQLKit

extension TransferService {
    /// The 振込指定日 typed on 金額入力, judged on the bank's calendar: nil for 本日.
    func bookingDay(_ db: any SQLDatabase, _ raw: String, at now: Date) async throws -> JapanTime.Day? {
        if raw.trimmingCharacters(in: .whitespaces).isEmpty { return nil }
        let calendar = try await businessCalendar(db)
        do throws(ScheduleRefusal) {
            return try ScheduleRules.bookingDay(raw, now: now, daysAhead: settings.transfers.scheduleDaysAhead, calendar: calendar)
        } catch { throw BankError.scheduleRefused(error) }
    }

    /// 予約振込 on 実行: the transfer row as 予約中 with its 振込指定日, no ledger posting (the
    /// scheduler posts on the day), the booking mail and the audit row. The daily limit was
    /// checked by the caller and counts this booking on today's `business_day`.
    func book(_ db: any SQLDatabase, _ confirmation: TransferConfirmation, customer: CustomerRecord, source: AccountRecord,
              nonce: TransferNonce, factors: FactorRecord, client: ClientInfo, at now: Date) async throws -> TransferRecord {
        guard let day = confirmation.scheduledFor.flatMap(JapanTime.Day.init(iso:)) else { throw BankError.confirmationExpired }
        // The day was judged on the 確認画面; a day that passed meanwhile (a 確認画面 left open
        // over midnight) is refused rather than run at once.
        guard day > JapanTime.Day(containing: now) else { throw BankError.scheduleRefused(.invalidDate) }
        let destination = confirmation.destination
        var record = TransferRecord(
            id: 0, receptionNumber: ReceptionNumber.generate(at: now, random: random), nonce: nonce.value, customerID: customer.id,
            sourceAccountID: source.id, route: confirmation.route, destinationKind: destination.kind, payeeID: destination.payeeID,
            bankCode: destination.bankCode, branchCode: destination.branchCode, accountType: destination.accountType,
            accountNumber: destination.accountNumber, holderName: destination.holderName,
            destinationAccountID: confirmation.route.settlesAtOnce ? destination.accountID : nil,
            amount: confirmation.amount, fee: confirmation.fee, status: .scheduled, ledgerTransactionID: nil,
            businessDay: TransferLimit.day(of: now).description, factors: factors, ip: client.ip, userAgent: client.userAgent,
            createdAt: now, statusChangedAt: nil, statusNote: nil, scheduledFor: day.iso)
        var inserted = try await TransferRecords.insert(db, record)
        while inserted == nil {
            record.receptionNumber = ReceptionNumber.generate(at: now, random: random)
            inserted = try await TransferRecords.insert(db, record)
        }
        let transfer = inserted!
        let template = MailTemplates.compose { language in
            MailTemplates.scheduledTransfer(.booked, bankName: settings.bankName, reception: transfer.receptionNumber,
                                            source: confirmation.sourceLabel, destination: destination, amount: transfer.amount,
                                            fee: transfer.fee, day: day, at: now, language: language)
        }
        let mail = composeMail(kind: "transfer_scheduled", customerID: customer.id, to: [customer.pcEmail], template: template)
        try await OutboxRecords.enqueue(db, mail, at: now)
        try await AuditRecords.write(db, .transferScheduled, .success, by: .customer, customerID: customer.id,
            loginID: customer.loginID, client: client, factors: factors,
            detail: [.field(.reception, transfer.receptionNumber), .field(.scheduled, day.iso),
                     .field(.kind, destination.kind), .field(.route, confirmation.route.rawValue),
                     .field(.amount, transfer.amount.value), .field(.fee, transfer.fee.value),
                     .field(.to, "\(destination.bankCode)-\(destination.branchCode)-\(maskedAccountNumber(destination.accountNumber))"),
                     .field(.status, transfer.status.rawValue)],
            at: now)
        return transfer
    }
}
