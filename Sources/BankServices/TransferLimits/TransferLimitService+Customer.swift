import BankCore
import BankStore
import Foundation
import SQLKit

/// 振込限度額変更 by the customer: lower at once, raise after the cooling-off, cancel a raise.
extension TransferLimitService {
    /// Field names of the form, also those of the errors.
    public enum Field {
        public static let amount = "amount"
        public static let confirmationPassword = "confirmation_password"
        public static let raise = "raise"
    }

    /// The customer's screen.
    public func overview(by actor: BankActor) async throws -> TransferLimitOverview {
        let customerID = try actor.requireCustomer()
        let now = clock.now()
        return try await database.read { db in
            let status = try await dailyLimitStatus(db, customerID: customerID, at: now)
            let state = try await extraFactorState(db, customerID: customerID, at: now).0
            let calendar = try? await businessCalendar(db)
            return TransferLimitOverview(
                status: status, ceiling: settings.transfers.ceilings.ceiling(for: state),
                raiseWouldApplyAt: try? TransferLimitRaiseRules.effectiveInstant(
                    requestedAt: now, delay: settings.transfers.raiseDelay, calendar: calendar))
        }
    }

    /// Changes the customer's 1日の振込限度額. The 確認用パスワード is asked (a wrong one counts
    /// toward its lock); a refusal writes nothing but that count. A lower value applies at once
    /// and ends a waiting raise; a higher one, up to the customer's ceiling, waits out the
    /// cooling-off and replaces a raise already waiting. Either is mailed to the PC address.
    public func change(by actor: BankActor, amount rawAmount: String, confirmationPassword: String,
                       session presented: [Credential], client: ClientInfo) async throws -> TransferLimitChangeOutcome {
        let customerID = try actor.requireCustomer()
        var errors: [FieldError] = []
        var requested = Yen.zero
        if rawAmount.trimmingCharacters(in: .whitespaces).isEmpty {
            errors.append(FieldError(field: Field.amount, messageKey: "error.transfer_limit.required"))
        } else {
            do { requested = try TransferLimit.parseLimit(rawAmount) } catch {
                errors.append(FieldError(field: Field.amount, messageKey: error.messageKey))
            }
        }
        if confirmationPassword.isEmpty { errors.append(.confirmationPasswordRequired) }
        guard errors.isEmpty else { throw BankError.invalidInput(errors) }

        let now = clock.now()
        let (customer, state) = try await customerAndFactor(customerID, at: now)
        // Refused before the password is checked: the ceiling and the limit are on the screen anyway.
        _ = try await database.read { db in try await decide(db, customerID: customerID, requested: requested, state: state, at: now) }
        let factors = FactorRecord(inForce: state.factorsInForce,
                                   presented: presented.contains(.confirmationPassword) ? presented : presented + [.confirmationPassword])
        try await checkConfirmationPassword(customer, password: confirmationPassword, purpose: .transferLimit,
                                            client: client, factors: factors)
        let outcome = try await database.transaction { db -> TransferLimitChangeOutcome in
            // Decided again under the customer's lock: a raise may have fallen due meanwhile.
            try await CustomerRecords.lockForChange(db, customerID: customerID)
            let (decision, status) = try await decide(db, customerID: customerID, requested: requested, state: state, at: now)
            switch decision {
            case .lower(let amount):
                let pendingEnded = status.pendingRaise != nil
                try await applyDailyLimit(db, customer: customer, amount, actor: .customer, client: client,
                                          note: [.code(.transferLimit)], at: now)
                try await mail(db, customer, kind: "transfer_limit_lowered", at: now) { language in
                    MailTemplates.transferLimitLowered(bankName: settings.bankName, previous: status.limit, amount: amount,
                                                       raiseEnded: pendingEnded, at: now, language: language)
                }
                return .lowered(amount)
            case .raise(let amount, let effectiveAt):
                let replaced = try await TransferLimitRaiseRecords.end(db, customerID: customerID, pendingOnly: true, reason: .replaced,
                                                                       by: AuditActor.customer.storedText, at: now)
                let record = try await TransferLimitRaiseRecords.insert(
                    db, customerID: customerID, amount: amount, previous: status.limit, requestedAt: now, effectiveAt: effectiveAt,
                    ip: client.ip, userAgent: client.userAgent)
                let messageID = try await mail(db, customer, kind: "transfer_limit_raise_requested", at: now) { language in
                    MailTemplates.transferLimitRaiseRequested(bankName: settings.bankName, previous: status.limit, amount: amount,
                                                              effectiveAt: effectiveAt, at: now, language: language)
                }
                var detail: AuditDetail = [.field(.raise, record.raise.id), .field(.from, status.limit.value),
                                           .field(.to, amount.value), .field(.effective, AuditCSV.isoJST(effectiveAt)),
                                           .field(.ceiling, settings.transfers.ceilings.ceiling(for: state).amount.value)]
                if !replaced.isEmpty {
                    detail.parts.append(.field(.superseded, replaced.map { String($0.raise.id) }.joined(separator: ",")))
                }
                try await AuditRecords.write(db, .transferLimitRaiseRequested, .success, by: .customer, customerID: customerID,
                                             loginID: customer.loginID, client: client, factors: factors,
                                             detail: detail + [.field(.messageID, messageID)], at: now)
                return .raiseRequested(record.raise)
            }
        }
        mailNotifier.notify()
        return outcome
    }

    /// 取消 of a waiting raise by the customer (no password: it can only lower the risk).
    public func cancelRaise(by actor: BankActor, raiseID: Int64, client: ClientInfo) async throws -> LimitRaise {
        let customerID = try actor.requireCustomer()
        let now = clock.now()
        let raise = try await database.transaction { db in
            let customer = try await customer(db, id: customerID)
            try await CustomerRecords.lockForChange(db, customerID: customerID)
            return try await cancel(db, raiseID: raiseID, customer: customer, byBank: false, actor: .customer,
                                    client: client, note: .none, at: now)
        }
        mailNotifier.notify()
        return raise
    }

    /// The decision against the limit in force at `now`, as a field error when refused.
    func decide(_ db: any SQLDatabase, customerID: Int64, requested: Yen, state: ExtraFactorState,
                at now: Date) async throws -> (TransferLimitRaiseRules.Decision, DailyLimitStatus) {
        let status = try await dailyLimitStatus(db, customerID: customerID, at: now)
        let calendar: BusinessCalendar? = settings.transfers.raiseDelay == .nextBusinessDay ? try await businessCalendar(db) : nil
        do {
            let decision = try TransferLimitRaiseRules.decide(
                requested: requested, inForce: status.limit, raisePending: status.pendingRaise != nil,
                ceiling: settings.transfers.ceilings.ceiling(for: state), delay: settings.transfers.raiseDelay,
                calendar: calendar, at: now)
            return (decision, status)
        } catch {
            throw BankError.invalidInput([FieldError(field: Field.amount, messageKey: error.messageKey)])
        }
    }

    /// Ends one waiting raise (the customer's or the bank's 取消), mails the PC address, audits it.
    func cancel(_ db: any SQLDatabase, raiseID: Int64, customer: CustomerRecord, byBank: Bool, actor: AuditActor,
                client: ClientInfo, note: AuditDetail, at now: Date) async throws -> LimitRaise {
        guard let record = try await TransferLimitRaiseRecords.cancel(
            db, id: raiseID, customerID: customer.id, reason: byBank ? .cancelledByBank : .cancelledByCustomer,
            by: actor.storedText, at: now) else {
            throw BankError.invalidInput([FieldError(field: Field.raise, messageKey: "error.transfer_limit.not_pending")])
        }
        let raise = record.raise
        let messageID = try await mail(db, customer, kind: "transfer_limit_raise_cancelled", at: now) { language in
            MailTemplates.transferLimitRaiseCancelled(bankName: settings.bankName, amount: raise.amount, previous: raise.previous,
                                                      byBank: byBank, at: now, language: language)
        }
        try await AuditRecords.write(db, .transferLimitRaiseCancelled, .success, by: actor, customerID: customer.id,
            loginID: customer.loginID, client: client,
            detail: [.code(byBank ? .byBank : .byCustomer), .field(.raise, raise.id), .field(.to, raise.amount.value),
                     .field(.effective, AuditCSV.isoJST(raise.effectiveAt)), .field(.messageID, messageID)] + note, at: now)
        return raise
    }

    /// Queues a notice to the customer's PC address in the caller's transaction; returns its Message-ID.
    @discardableResult
    func mail(_ db: any SQLDatabase, _ customer: CustomerRecord, kind: String, at now: Date,
              _ text: (MailLanguage) -> MailTemplate) async throws -> String {
        let mail = composeMail(kind: kind, customerID: customer.id, to: [customer.pcEmail],
                               template: MailTemplates.compose(MailLanguage.allCases, text), urgent: true)
        try await OutboxRecords.enqueue(db, mail, at: now)
        return mail.messageID
    }
}
