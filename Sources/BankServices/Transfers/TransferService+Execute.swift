import BankCore
import BankStore
import Foundation
import SQLKit

extension TransferService {
    /// 実行 on the 確認画面: the 確認用パスワード and, where one was mailed, the メール通知パスワード,
    /// then everything in ONE database transaction and one commit (`commitTransfer`): the
    /// password's counted attempt, the confirmation's nonce, the checks, both ledger sides (and
    /// the fee), the transfer row, its mail and its audit row. The nonce is claimed in that
    /// transaction, so whatever arrives twice pays once and is answered with the first
    /// transfer (also when the first spent the mail password).
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

        // Everything known before the hash, in one statement: the 確認画面, the customer, the
        // factor in force, the password counters; and the mailed password where one is needed.
        let before = try await database.read { db -> ExecutionInputs? in
            guard let facts = try await TransferExecutionRecords.facts(db, customerID: customerID, nonce: nonce.value) else { return nil }
            let confirmation = facts.confirmation.flatMap {
                try? JSONDecoder().decode(TransferConfirmation.self, from: Data($0.details.utf8))
            }
            return ExecutionInputs(
                stored: facts.confirmation, confirmation: confirmation, customer: facts.customer,
                state: .judged(hasMailPasswordSetting: facts.hasMailPasswordSetting, liveToken: facts.liveToken, at: now),
                counters: facts.counters,
                mailPassword: confirmation?.needsMailPassword == true ? try await MailPasswordRecords.find(db, customerID: customerID) : nil)
        }
        guard let before else { throw BankError.customerNotFound }
        // A used 確認画面 had its transfer committed with it: answer with that transfer. (An
        // unused one has none yet; one paid meanwhile is found by the transaction below.)
        if before.stored?.usedAt != nil, let first = try await earlierOutcome(nonce: nonce, customerID: customerID) { return first }
        let customer = before.customer
        var factors = FactorRecord(inForce: before.state.factorsInForce, presented: presented)
        guard let stored = before.stored, stored.customerID == customerID, stored.sessionHash == sessionHash, stored.usedAt == nil,
              now.timeIntervalSince(stored.createdAt) < confirmationLifetime, let confirmation = before.confirmation else {
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
        if needsMailPassword, before.counters[.mailPassword]?.isLocked == true {
            try await auditRefusedTransfer(customer, reason: "mail_password_locked", factors: factors, client: client, at: now)
            throw BankError.mailPasswordRefused(.locked)
        }
        // Returns only when right; a wrong one was counted and audited in its own transaction.
        try await checkPasswordBeforeTransaction(.confirmationPassword, of: customer, password: confirmationPassword,
                                                 lockedBefore: before.counters[.confirmationPassword]?.isLocked == true,
                                                 event: .confirmationPassword, purpose: .transfer,
                                                 wrong: .wrongConfirmationPassword, client: client, factors: factors)
        var mailPasswordHash: String?
        if needsMailPassword {
            factors.presented.append(.mailPassword)
            do {
                mailPasswordHash = try await mailPasswordToSpend(before.mailPassword, customer: customer, presented: rawMailPassword,
                                                                 sessionHash: sessionHash, binding: confirmation.destination.mailPasswordBinding,
                                                                 client: client, factors: factors)
            } catch BankError.mailPasswordRefused(.notIssued) {
                await settleRightPassword(customer, refusal: nil, factors: factors, client: client, at: now)
                // A double click: the first request spent the password and paid.
                if let first = try await earlierOutcome(nonce: nonce, customerID: customerID) { return first }
                throw BankError.mailPasswordRefused(.notIssued)
            } catch {
                await settleRightPassword(customer, refusal: nil, factors: factors, client: client, at: now)
                throw error
            }
        }

        let recorded = factors
        do {
            let outcome = try await commitTransfer(confirmation, customer: customer, nonce: nonce, factors: recorded,
                                                   mailPasswordHash: mailPasswordHash, client: client, at: now)
            if !outcome.replayed { mailNotifier.notify() }
            return outcome
        } catch let refusal as BankError {
            await settleRightPassword(customer, refusal: (refusal, confirmation), mailPasswordRight: mailPasswordHash != nil,
                                      factors: recorded, client: client, at: now)
            throw refusal
        } catch {
            await settleRightPassword(customer, refusal: nil, factors: recorded, client: client, at: now)
            throw error
        }
    }

    /// The メール通知パスワード mailed for this 確認画面: a right one (compared here, a keyed hash
    /// is cheap) is returned for the transfer's transaction to spend, which also clears its
    /// count. Anything else takes the counted path (`checkMailPassword`), which compares it
    /// again under the counter's lock, counts a wrong one, audits and throws.
    private func mailPasswordToSpend(_ record: MailPasswordRecord?, customer: CustomerRecord, presented: String, sessionHash: String,
                                     binding: String, client: ClientInfo, factors: FactorRecord) async throws -> String {
        if let record, record.spentAt == nil, record.sessionHash == sessionHash, record.destinationKey == binding,
           MailPassword.verify(presented, customerID: customer.id, payeeKey: binding, against: record.passwordHash,
                               using: KeyedHash(ring: try requireSecretKeys())) {
            return record.passwordHash
        }
        return try await checkMailPassword(customer, presented: presented, sessionHash: sessionHash, binding: binding,
                                           client: client, factors: factors)
    }

    /// The transfer an earlier submission of this 確認画面 made, if any.
    func earlierOutcome(nonce: TransferNonce, customerID: Int64) async throws -> TransferOutcome? {
        guard let earlier = try await database.read({ db in try await TransferRecords.find(db, nonce: nonce.value) }) else {
            return nil
        }
        guard earlier.customerID == customerID else { throw BankError.confirmationExpired }
        return TransferOutcome(transfer: earlier, replayed: true)
    }

    /// Every refused 実行 leaves a row with the factors in force and presented (the
    /// compensation assessment needs the attempts too, not only the transfers).
    func auditRefusedTransfer(_ customer: CustomerRecord?, reason: String, factors: FactorRecord, client: ClientInfo,
                              at now: Date, detail: AuditDetail = .none) async throws {
        guard let customer else { return }
        try await database.transaction { db in
            try await AuditRecords.write(db, .transfer, .refused, by: .customer, customerID: customer.id,
                                         loginID: customer.loginID, client: client, factors: factors,
                                         detail: [.field(.refusal, reason)] + detail, at: now)
        }
    }
}

/// What 実行 reads before the hash.
struct ExecutionInputs: Sendable {
    var stored: TransferConfirmationRecord?
    var confirmation: TransferConfirmation?
    var customer: CustomerRecord
    var state: ExtraFactorState
    var counters: [Credential: CredentialState]
    var mailPassword: MailPasswordRecord?
}
