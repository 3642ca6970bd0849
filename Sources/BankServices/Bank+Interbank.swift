import BankCore
import BankStore
import Foundation
import SQLKit

extension Bank {
    /// 他行振込: transfers to other banks by status (受付済 first in line), for the counter.
    public func interbankTransfers(status: TransferStatus?, limit: Int = 200) async throws -> [TransferRecord] {
        try await database.read { db in
            try await TransferRecords.list(db, status: status, route: .otherBank, limit: limit)
        }
    }

    /// Handed to the interbank batch: 受付済 → sent. Refused for any other status, so a
    /// transfer is never sent twice.
    public func markInterbankSent(id: Int64, staff: String, client: ClientInfo = .commandLine) async throws -> TransferRecord {
        let now = clock.now()
        return try await database.transaction { db in
            guard let transfer = try await TransferRecords.find(db, id: id), transfer.route == TransferRoute.otherBank.rawValue else {
                throw BankError.transferNotFound
            }
            guard try await TransferRecords.setStatus(db, id: id, from: [.accepted], to: .sent, note: nil, at: now) else {
                throw BankError.transferStatus(transfer.status.rawValue)
            }
            try await AuditRecords.append(db, AuditEvent(
                at: now, event: "interbank_sent", result: .success, actor: "staff:\(staff)", customerID: transfer.customerID,
                ip: client.ip, userAgent: client.userAgent, detail: "reception=\(transfer.receptionNumber) amount=\(transfer.amount.value)"))
            return try await TransferRecords.find(db, id: id)!
        }
    }

    /// 資金返却: the other bank could not credit it (closed account, wrong name…). The amount
    /// goes back from the clearing account to the customer's account in one ledger
    /// transaction; the fee stays charged, as for any transfer the bank carried out. The
    /// customer is told by mail.
    public func returnInterbank(id: Int64, reason rawReason: String, staff: String,
                                client: ClientInfo = .commandLine) async throws -> TransferRecord {
        let reason = rawReason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty, reason.count <= 200, !reason.contains(where: { $0.isNewline }) else {
            throw BankError.invalidInput([FieldError(field: "reason", messageKey: "error.reason.required")])
        }
        let now = clock.now()
        let returned = try await database.transaction { db -> TransferRecord in
            guard let transfer = try await TransferRecords.find(db, id: id), transfer.route == TransferRoute.otherBank.rawValue else {
                throw BankError.transferNotFound
            }
            guard try await TransferRecords.setStatus(db, id: id, from: [.accepted, .sent], to: .returned, note: reason, at: now) else {
                throw BankError.transferStatus(transfer.status.rawValue)
            }
            let clearing = try await internalAccountID(db, "interbank_clearing")
            _ = try await LedgerRecords.post(db, kind: "transfer_return", memo: "振込資金返却 \(transfer.holderName)",
                                             postings: [Posting(accountID: clearing, amount: -transfer.amount),
                                                        Posting(accountID: transfer.sourceAccountID, amount: transfer.amount)],
                                             idempotencyKey: "return:\(transfer.nonce)", actor: "staff:\(staff)", at: now)
            let customer = try await CustomerRecords.find(db, id: transfer.customerID)
            if let customer {
                let template = MailTemplates.compose { language in
                    MailTemplates.transferReturned(bankName: settings.bankName, reception: transfer.receptionNumber,
                                                   amount: transfer.amount, reason: reason, at: now, language: language)
                }
                let mail = composeMail(kind: "transfer_returned", customerID: customer.id, to: [customer.pcEmail], template: template)
                try await OutboxRecords.enqueue(db, mail, at: now)
            }
            try await AuditRecords.append(db, AuditEvent(
                at: now, event: "interbank_returned", result: .success, actor: "staff:\(staff)", customerID: transfer.customerID,
                loginID: customer?.loginID, ip: client.ip, userAgent: client.userAgent,
                detail: "reception=\(transfer.receptionNumber) amount=\(transfer.amount.value) reason=\(reason)"))
            return try await TransferRecords.find(db, id: id)!
        }
        mailNotifier.notify()
        return returned
    }

    /// 振込限度額 for one customer (nil: back to the bank's default).
    public func setDailyLimit(loginID: String, amount rawAmount: String?, staff: String) async throws -> Yen {
        var limit: Yen?
        if let rawAmount {
            do { limit = try TransferLimit.parseLimit(rawAmount) } catch {
                throw BankError.invalidInput([FieldError(field: "amount", messageKey: error.messageKey)])
            }
        }
        let customer = try await customer(loginID: loginID)
        let now = clock.now()
        return try await database.transaction { db in
            try await applyDailyLimit(db, customer: customer, limit, actor: "staff:\(staff)", client: .commandLine, at: now)
        }
    }

    /// Sets the 振込限度額 (nil: the bank's default) in the caller's transaction, audited as
    /// `transfer_limit_changed` (`note` adds e.g. the approved request). Returns the new limit.
    func applyDailyLimit(_ db: any SQLDatabase, customer: CustomerRecord, _ limit: Yen?, actor: String, client: ClientInfo,
                         note: String = "", at now: Date) async throws -> Yen {
        let before = try await dailyLimit(db, customerID: customer.id)
        try await db.raw("UPDATE customers SET daily_transfer_limit = \(bind: limit?.value) WHERE id = \(bind: customer.id)").run()
        let after = try await dailyLimit(db, customerID: customer.id)
        try await AuditRecords.append(db, AuditEvent(
            at: now, event: "transfer_limit_changed", result: .success, actor: actor, customerID: customer.id,
            loginID: customer.loginID, ip: client.ip, userAgent: client.userAgent,
            detail: "from=\(before.value) to=\(after.value)\(limit == nil ? " (default)" : "")\(note)"))
        return after
    }

    /// The customer's 振込限度額 and what is left of it today.
    public func dailyLimitStatus(customerID: Int64) async throws -> (limit: Yen, remaining: Yen) {
        let now = clock.now()
        return try await database.read { db in
            let limit = try await dailyLimit(db, customerID: customerID)
            let used = try await TransferRecords.amountOnDay(db, customerID: customerID, day: TransferLimit.day(of: now).description)
            return (limit, TransferLimit.remaining(limit: limit, usedToday: used))
        }
    }

    /// `kyoei admin banks import`: the bank/branch master from CSV (BankDirectoryCSV's
    /// columns). A file with any bad line imports nothing.
    public func importBankDirectory(csv: String, staff: String) async throws -> (banks: Int, branches: Int) {
        let entries: [BankDirectoryEntry]
        do { entries = try BankDirectoryCSV.parse(csv) } catch {
            throw BankError.directoryImport(error)
        }
        let now = clock.now()
        return try await database.transaction { db in
            let counts = try await BankDirectoryRecords.upsert(db, entries.map {
                BankBranchName(bankCode: $0.bankCode.value, bankName: $0.bankName, bankNameKana: $0.bankNameKana.value,
                               branchCode: $0.branchCode.value, branchName: $0.branchName, branchNameKana: $0.branchNameKana.value)
            })
            try await AuditRecords.append(db, AuditEvent(
                at: now, event: "bank_directory_imported", result: .success, actor: "staff:\(staff)", userAgent: "kyoei-cli",
                detail: "banks=\(counts.banks) branches=\(counts.branches)"))
            return counts
        }
    }
}
