import BankCore
import BankStore
import Foundation
import SQLKit

/// What 実行 answers: the transfer, and whether it was made by this request or found as
/// the result of an earlier submission of the same 確認画面 (a double click, a reload, a replay).
public struct TransferOutcome: Sendable, Equatable {
    public var transfer: TransferRecord
    public var replayed: Bool
}

extension Bank {
    /// How long a 確認画面 may wait for 実行: as long as a session may sit idle.
    var confirmationLifetime: TimeInterval { settings.sessions.idleTimeout }

    /// 実行 on the 確認画面: the 確認用パスワード and, where one was mailed, the メール通知パスワード,
    /// then both ledger sides (and the fee) in one database transaction. The confirmation's
    /// nonce is claimed in that transaction, so whatever arrives twice pays once and is
    /// answered with the first transfer.
    public func executeTransfer(customerID: Int64, sessionCookie: String, nonce rawNonce: String,
                                confirmationPassword: String, mailPassword rawMailPassword: String,
                                session presented: [Credential], client: ClientInfo) async throws -> TransferOutcome {
        let nonce: TransferNonce
        do { nonce = try TransferNonce(validating: rawNonce) } catch { throw BankError.confirmationExpired }
        let now = clock.now()
        let sessionHash = Self.sha256Hex(sessionCookie)

        let (earlier, stored, customer, state) = try await database.read { db in
            (try await TransferRecords.find(db, nonce: nonce.value),
             try await TransferConfirmationRecords.find(db, nonce: nonce.value),
             try await CustomerRecords.find(db, id: customerID),
             try await extraFactorState(db, customerID: customerID, at: now).0)
        }
        // Already executed: the first result, whatever this request carries.
        if let earlier {
            guard earlier.customerID == customerID else { throw BankError.confirmationExpired }
            return TransferOutcome(transfer: earlier, replayed: true)
        }
        guard let customer else { throw BankError.customerNotFound }
        guard let stored, stored.customerID == customerID, stored.sessionHash == sessionHash, stored.usedAt == nil,
              now.timeIntervalSince(stored.createdAt) < confirmationLifetime,
              let confirmation = try? JSONDecoder().decode(TransferConfirmation.self, from: Data(stored.details.utf8)) else {
            throw BankError.confirmationExpired
        }
        let needsMailPassword = confirmation.needsMailPassword

        var errors: [FieldError] = []
        if confirmationPassword.isEmpty {
            errors.append(FieldError(field: "confirmation_password", messageKey: "error.confirmation_password.required"))
        }
        if needsMailPassword, MailPassword.normalize(rawMailPassword).isEmpty {
            errors.append(FieldError(field: "mail_password", messageKey: MailPasswordInputError.empty.messageKey))
        }
        guard errors.isEmpty else { throw BankError.invalidInput(errors) }

        var factors = FactorRecord(inForce: state.factorsInForce, presented: presented + [.confirmationPassword])
        if needsMailPassword {
            let locked = try await database.read { db in
                try await CredentialRecords.state(db, customerID: customerID, credential: .mailPassword).isLocked
            }
            if locked { throw BankError.mailPasswordRefused(.locked) }
        }
        try await checkConfirmationPassword(customer, password: confirmationPassword, purpose: "transfer", client: client,
                                            factors: factors)
        let mailPasswordHash: String?
        if needsMailPassword {
            factors.presented.append(.mailPassword)
            mailPasswordHash = try await checkMailPassword(customer, presented: rawMailPassword, sessionHash: sessionHash,
                                                           destinationKey: confirmation.destination.key, client: client,
                                                           factors: factors)
        } else {
            mailPasswordHash = nil
        }

        let recorded = factors
        let outcome: TransferOutcome
        do {
            outcome = try await database.transaction { db -> TransferOutcome in
                // One customer's transfers take turns: the daily limit is summed and spent atomically.
                try await CustomerRecords.lockForChange(db, customerID: customerID)
                guard try await TransferConfirmationRecords.markUsed(db, nonce: nonce.value, at: now) else {
                    if let first = try await TransferRecords.find(db, nonce: nonce.value), first.customerID == customerID {
                        return TransferOutcome(transfer: first, replayed: true)
                    }
                    throw BankError.confirmationExpired
                }
                if let mailPasswordHash,
                   try await !MailPasswordRecords.spend(db, customerID: customerID, passwordHash: mailPasswordHash, at: now) {
                    // Replaced by a newer password (or spent) between the check and now.
                    throw BankError.mailPasswordRefused(.notIssued)
                }
                let transfer = try await post(db, confirmation, customer: customer, nonce: nonce, factors: recorded,
                                              client: client, at: now)
                try await CredentialRecords.reset(db, customerID: customerID, credential: .confirmationPassword)
                if needsMailPassword { try await CredentialRecords.reset(db, customerID: customerID, credential: .mailPassword) }
                return TransferOutcome(transfer: transfer, replayed: false)
            }
        } catch BankError.transferRefused(let refusal) {
            // The passwords were right: refusing the money must not leave their attempts
            // counted as failures (the transaction that would have reset them rolled back).
            try await database.transaction { db in
                try await CredentialRecords.reset(db, customerID: customerID, credential: .confirmationPassword)
                if needsMailPassword { try await CredentialRecords.reset(db, customerID: customerID, credential: .mailPassword) }
                try await AuditRecords.append(db, AuditEvent(
                    at: now, event: "transfer", result: .refused, actor: "customer", customerID: customerID,
                    loginID: customer.loginID, ip: client.ip, userAgent: client.userAgent, factors: recorded,
                    detail: "refusal=\(refusal.messageKey) amount=\(confirmation.amount.value) kind=\(confirmation.destination.kind)"))
            }
            throw BankError.transferRefused(refusal)
        }
        if !outcome.replayed { mailNotifier.notify() }
        return outcome
    }

    /// Counts the attempt first (committed on its own, so parallel guesses cannot pass the
    /// limit), then compares with the password mailed for this destination in this session.
    /// Returns the stored hash, which the transfer's transaction spends.
    private func checkMailPassword(_ customer: CustomerRecord, presented: String, sessionHash: String, destinationKey: String,
                                   client: ClientInfo, factors: FactorRecord) async throws -> String {
        let now = clock.now()
        let limit = settings.lockout.limit
        let keyedHash = KeyedHash(ring: try requireSecretKeys())
        let (attempt, record) = try await database.transaction { db in
            (try await CredentialRecords.recordFailure(db, customerID: customer.id, credential: .mailPassword,
                                                       policy: settings.lockout, at: now),
             try await MailPasswordRecords.find(db, customerID: customer.id))
        }
        let refusal: MailPasswordRefusal
        if attempt.failures > limit {
            refusal = .locked
        } else if let record, record.spentAt == nil, record.sessionHash == sessionHash, record.destinationKey == destinationKey {
            if MailPassword.verify(presented, customerID: customer.id, payeeKey: destinationKey, against: record.passwordHash,
                                   using: keyedHash) {
                return record.passwordHash
            }
            refusal = attempt.failures >= limit ? .locked : .incorrect
        } else {
            refusal = attempt.failures >= limit ? .locked : .notIssued
        }
        try await database.transaction { db in
            try await AuditRecords.append(db, AuditEvent(
                at: now, event: "mail_password", result: attempt.failures > limit ? .refused : .failure, actor: "customer",
                customerID: customer.id, loginID: customer.loginID, ip: client.ip, userAgent: client.userAgent,
                factors: factors, detail: "transfer \(refusal) failures=\(attempt.failures)"))
            if attempt.failures == limit {
                try await AuditRecords.append(db, AuditEvent(
                    at: now, event: "credential_locked", result: .info, actor: "system", customerID: customer.id,
                    loginID: customer.loginID, ip: client.ip, userAgent: client.userAgent,
                    detail: Credential.mailPassword.rawValue))
            }
        }
        throw BankError.mailPasswordRefused(refusal)
    }

    /// The ledger transaction of a confirmed transfer, its row, its mail and its audit row.
    private func post(_ db: any SQLDatabase, _ confirmation: TransferConfirmation, customer: CustomerRecord,
                      nonce: TransferNonce, factors: FactorRecord, client: ClientInfo, at now: Date) async throws -> TransferRecord {
        guard let source = try await AccountRecords.find(db, id: confirmation.sourceAccountID),
              source.customerID == customer.id else { throw BankError.notYourAccount }
        let destination = confirmation.destination
        let amount = confirmation.amount, fee = confirmation.fee
        let day = TransferLimit.day(of: now).description
        // The 確認画面 checked these; they are checked again because time passed since.
        do {
            if destination.kind != "own" {
                let used = try await TransferRecords.amountOnDay(db, customerID: customer.id, day: day)
                try TransferLimit.check(amount: amount, limit: try await dailyLimit(db, customerID: customer.id), usedToday: used)
            }
            if !source.allowNegative { try TransferRules.checkFunds(available: source.balance, amount: amount, fee: fee) }
        } catch let refusal as TransferRefusal { throw BankError.transferRefused(refusal) }

        let settles = confirmation.route.settlesAtOnce
        var postings = [Posting(accountID: source.id, amount: Yen(0) - amount - fee)]
        if settles {
            guard let creditID = destination.accountID,
                  let credit = try await AccountRecords.find(db, id: creditID), credit.customerID != nil else {
                throw BankError.transferRefused(.destinationClosed)
            }
            postings.append(Posting(accountID: credit.id, amount: amount))
        } else {
            postings.append(Posting(accountID: try await internalAccountID(db, "interbank_clearing"), amount: amount))
        }
        if fee > Yen(0) { postings.append(Posting(accountID: try await internalAccountID(db, "fee_income"), amount: fee)) }
        let memo = destination.kind == "own" ? "振替 \(destination.holderName)" : "振込 \(customer.nameKana)→\(destination.holderName)"
        let ledgerID: Int64
        do {
            ledgerID = try await LedgerRecords.post(db, kind: destination.kind == "own" ? "transfer_own" : "transfer",
                                                    memo: memo, postings: postings, idempotencyKey: "transfer:\(nonce.value)",
                                                    actor: "customer:\(customer.loginID)", at: now)
        } catch StoreError.insufficientFunds {
            throw BankError.transferRefused(.insufficientFunds(available: source.balance, needed: amount + fee))
        }
        var reception = ReceptionNumber.generate(at: now, random: random)
        while try await TransferRecords.receptionNumberTaken(db, reception) { reception = ReceptionNumber.generate(at: now, random: random) }
        let transfer = try await TransferRecords.insert(db, TransferRecord(
            id: 0, receptionNumber: reception, nonce: nonce.value, customerID: customer.id, sourceAccountID: source.id,
            route: confirmation.route.rawValue, destinationKind: destination.kind, payeeID: destination.payeeID,
            bankCode: destination.bankCode, branchCode: destination.branchCode, accountType: destination.accountType,
            accountNumber: destination.accountNumber, holderName: destination.holderName,
            destinationAccountID: settles ? destination.accountID : nil, amount: amount, fee: fee,
            status: settles ? .completed : .accepted, ledgerTransactionID: ledgerID, businessDay: day, factors: factors,
            ip: client.ip, userAgent: client.userAgent, createdAt: now, statusChangedAt: nil, statusNote: nil))
        let template = MailTemplates.compose { language in
            MailTemplates.transferAccepted(bankName: settings.bankName, reception: reception, source: confirmation.sourceLabel,
                                           destination: destination, amount: amount, fee: fee, settled: settles, at: now,
                                           language: language)
        }
        let mail = composeMail(kind: "transfer_accepted", customerID: customer.id, to: [customer.pcEmail], template: template)
        try await OutboxRecords.enqueue(db, mail, at: now)
        try await AuditRecords.append(db, AuditEvent(
            at: now, event: "transfer", result: .success, actor: "customer", customerID: customer.id, loginID: customer.loginID,
            ip: client.ip, userAgent: client.userAgent, factors: factors,
            detail: "reception=\(reception) kind=\(destination.kind) route=\(confirmation.route.rawValue) amount=\(amount.value) fee=\(fee.value) to=\(destination.bankCode)-\(destination.branchCode)-\(maskedAccountNumber(destination.accountNumber)) status=\(transfer.status.rawValue)"))
        return transfer
    }

    func internalAccountID(_ db: any SQLDatabase, _ code: String) async throws -> Int64 {
        guard let account = try await AccountRecords.internalAccount(db, code: code) else { throw StoreError.notFound }
        return account.id
    }

    /// The customer's transfer by its 受付番号 (the result screen), never another customer's.
    public func transfer(customerID: Int64, receptionNumber: String) async throws -> TransferRecord? {
        try await database.read { db in
            guard let transfer = try await TransferRecords.findByReception(db, receptionNumber),
                  transfer.customerID == customerID else { return nil }
            return transfer
        }
    }

    /// The confirmation behind a 確認画面 (to show it again), for its own customer and session only.
    public func pendingConfirmation(customerID: Int64, sessionCookie: String, nonce rawNonce: String) async throws -> TransferConfirmation? {
        guard let nonce = try? TransferNonce(validating: rawNonce) else { return nil }
        let now = clock.now()
        return try await database.read { db in
            guard let stored = try await TransferConfirmationRecords.find(db, nonce: nonce.value),
                  stored.customerID == customerID, stored.sessionHash == Self.sha256Hex(sessionCookie), stored.usedAt == nil,
                  now.timeIntervalSince(stored.createdAt) < confirmationLifetime else { return nil }
            return try? JSONDecoder().decode(TransferConfirmation.self, from: Data(stored.details.utf8))
        }
    }
}
