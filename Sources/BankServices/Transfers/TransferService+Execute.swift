import BankCore
import BankStore
import Foundation
import SQLKit

extension TransferService {
    /// 実行 on the 確認画面: the 確認用パスワード and, where one was mailed, the メール通知パスワード,
    /// then both ledger sides (and the fee) in one database transaction. The confirmation's
    /// nonce is claimed in that transaction, so whatever arrives twice pays once and is
    /// answered with the first transfer (also when the first spent the mail password).
    public func execute(by actor: BankActor, sessionCookie: String, nonce rawNonce: String,
                                confirmationPassword: String, mailPassword rawMailPassword: String,
                                session presented: [Credential], client: ClientInfo) async throws -> TransferOutcome {
        do {
            let outcome = try await executeStep(by: actor, sessionCookie: sessionCookie, nonce: rawNonce,
                                                confirmationPassword: confirmationPassword, mailPassword: rawMailPassword,
                                                session: presented, client: client)
            BankMetrics.transfer(route: outcome.transfer.metricRoute, outcome: outcome.replayed ? "replayed"
                                 : outcome.transfer.status == .scheduled ? "booked" : "executed")
            return outcome
        } catch {
            BankMetrics.transfer(route: "unknown", outcome: "refused", reason: BankMetrics.reason(error))
            throw error
        }
    }

    private func executeStep(by actor: BankActor, sessionCookie: String, nonce rawNonce: String,
                             confirmationPassword: String, mailPassword rawMailPassword: String,
                             session presented: [Credential], client: ClientInfo) async throws -> TransferOutcome {
        let customerID = try actor.requireCustomer()
        let nonce: TransferNonce
        do { nonce = try TransferNonce(validating: rawNonce) } catch { throw BankError.confirmationExpired }
        let now = clock.now()
        let sessionHash = Self.sha256Hex(sessionCookie)

        // The confirmation before the transfer: one seen used had its transfer committed with
        // it, so the transfer read after it finds that transfer.
        let (stored, customer, state) = try await database.read { db in
            (try await TransferConfirmationRecords.find(db, nonce: nonce.value),
             try await CustomerRecords.find(db, id: customerID),
             try await extraFactorState(db, customerID: customerID, at: now).0)
        }
        // A used 確認画面 had its transfer committed with it: answer with that transfer. (An
        // unused one has none yet; one paid meanwhile is found by the transaction below.)
        if stored?.usedAt != nil, let first = try await earlierOutcome(nonce: nonce, customerID: customerID) { return first }
        guard let customer else { throw BankError.customerNotFound }
        var factors = FactorRecord(inForce: state.factorsInForce, presented: presented)
        guard let stored, stored.customerID == customerID, stored.sessionHash == sessionHash, stored.usedAt == nil,
              now.timeIntervalSince(stored.createdAt) < confirmationLifetime,
              let confirmation = try? JSONDecoder().decode(TransferConfirmation.self, from: Data(stored.details.utf8)) else {
            try await auditRefusedTransfer(customer, reason: "confirmation_expired", factors: factors, client: client, at: now)
            throw BankError.confirmationExpired
        }
        let needsMailPassword = confirmation.needsMailPassword

        var errors: [FieldError] = []
        if confirmationPassword.isEmpty {
            errors.append(.confirmationPasswordRequired)
        }
        if needsMailPassword, MailPassword.normalize(rawMailPassword).isEmpty {
            errors.append(FieldError(field: "mail_password", messageKey: MailPasswordInputError.empty.messageKey))
        }
        guard errors.isEmpty else { throw BankError.invalidInput(errors) }

        factors.presented.append(.confirmationPassword)
        if needsMailPassword {
            let locked = try await database.read { db in
                try await CredentialRecords.state(db, customerID: customerID, credential: .mailPassword).isLocked
            }
            if locked {
                try await auditRefusedTransfer(customer, reason: "mail_password_locked", factors: factors, client: client, at: now)
                throw BankError.mailPasswordRefused(.locked)
            }
        }
        // A right 確認用パスワード's counted attempt is cleared by the transfer's own transaction
        // (one commit fewer per transfer), or, on every other way out, right after.
        let place = try await checkConfirmationPassword(customer, password: confirmationPassword, purpose: .transfer,
                                                        client: client, factors: factors, resetWhenRight: false)
        let outcome: TransferOutcome
        do {
            outcome = try await executeChecked(confirmation, customer: customer, nonce: nonce, factors: factors,
                                               confirmationPlace: place, mailPassword: rawMailPassword,
                                               sessionHash: sessionHash, client: client, at: now)
        } catch {
            await clearConfirmationAttempt(place, customerID: customerID)
            throw error
        }
        if outcome.replayed {
            // Answered with the first transfer: this request's transaction cleared nothing.
            // The transfer exists either way, so a failure here must not turn it into an error.
            await clearConfirmationAttempt(place, customerID: customerID)
        } else {
            mailNotifier.notify()
        }
        return outcome
    }

    /// 実行 once the 確認用パスワード was right: the メール通知パスワード where one was mailed,
    /// then the transfer's one transaction (which also clears the password's counted attempt).
    private func executeChecked(_ confirmation: TransferConfirmation, customer: CustomerRecord, nonce: TransferNonce,
                                factors checked: FactorRecord, confirmationPlace: AttemptReservation?,
                                mailPassword presentedMailPassword: String,
                                sessionHash: String, client: ClientInfo, at now: Date) async throws -> TransferOutcome {
        let customerID = customer.id
        let needsMailPassword = confirmation.needsMailPassword
        var factors = checked
        let mailPasswordHash: String?
        if needsMailPassword {
            factors.presented.append(.mailPassword)
            do {
                mailPasswordHash = try await checkMailPassword(customer, presented: presentedMailPassword, sessionHash: sessionHash,
                                                               binding: confirmation.destination.mailPasswordBinding,
                                                               client: client, factors: factors)
            } catch BankError.mailPasswordRefused(.notIssued) {
                // A double click: the first request spent the password and paid.
                if let first = try await earlierOutcome(nonce: nonce, customerID: customerID) { return first }
                throw BankError.mailPasswordRefused(.notIssued)
            }
        } else {
            mailPasswordHash = nil
        }

        let recorded = factors
        do {
            return try await database.transaction { db -> TransferOutcome in
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
                    // Spent by another 確認画面 of the same payee, or replaced, since the check.
                    throw BankError.mailPasswordRefused(.notIssued)
                }
                let transfer = try await post(db, confirmation, customer: customer, nonce: nonce, factors: recorded,
                                              client: client, at: now)
                try await countRight(db, confirmationPlace, customerID: customerID, credential: .confirmationPassword)
                return TransferOutcome(transfer: transfer, replayed: false)
            }
        } catch let error as BankError {
            try await auditRefusedTransfer(customer, reason: error.messageKey, factors: recorded, client: client, at: now,
                                           detail: [.field(.amount, confirmation.amount.value), .field(.kind, "\(confirmation.destination.kind)")])
            throw error
        }
    }

    /// Settles a right 確認用パスワード (its place given back, the count cleared) in a transaction
    /// of its own. A failure is logged, not thrown: the answer the customer gets stands either
    /// way, and the place expires by itself.
    private func clearConfirmationAttempt(_ place: AttemptReservation?, customerID: Int64) async {
        do {
            try await database.transaction { db in
                try await countRight(db, place, customerID: customerID, credential: .confirmationPassword)
            }
        } catch {
            logger.warning("could not clear a right confirmation password's counted attempt",
                           metadata: ["customer": "\(customerID)", "error": "\(error)"])
        }
    }

    /// The transfer an earlier submission of this 確認画面 made, if any.
    private func earlierOutcome(nonce: TransferNonce, customerID: Int64) async throws -> TransferOutcome? {
        guard let earlier = try await database.read({ db in try await TransferRecords.find(db, nonce: nonce.value) }) else {
            return nil
        }
        guard earlier.customerID == customerID else { throw BankError.confirmationExpired }
        return TransferOutcome(transfer: earlier, replayed: true)
    }

    /// Every refused 実行 leaves a row with the factors in force and presented (the
    /// compensation assessment needs the attempts too, not only the transfers).
    private func auditRefusedTransfer(_ customer: CustomerRecord?, reason: String, factors: FactorRecord, client: ClientInfo,
                                      at now: Date, detail: AuditDetail = .none) async throws {
        guard let customer else { return }
        try await database.transaction { db in
            try await AuditRecords.write(db, .transfer, .refused, by: .customer, customerID: customer.id,
                                         loginID: customer.loginID, client: client, factors: factors,
                                         detail: [.field(.refusal, reason)] + detail, at: now)
        }
    }
}
