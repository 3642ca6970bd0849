import BankCore
import BankStore
import Foundation

extension BankUseCase {
    /// Checks the 確認用パスワード for a change the customer asked for. The check holds one of
    /// the lock's places while it runs (`claimCheck`); only a password found wrong counts as
    /// a failure, and a locked one is not checked at all. A right password clears the count
    /// at once, and is a success even if the change is then refused (a wrong メール通知パスワード,
    /// a duplicate payee, a transfer over the limit).
    /// `resetWhenRight: false` hands the right password's place to the caller, who must settle
    /// it (`countRight`) in its own transaction (as the transfer does) or after any refusal
    /// that follows (`releaseQuietly` is not enough: the count must start again at zero).
    @discardableResult
    func checkConfirmationPassword(_ customer: CustomerRecord, password: String, purpose: AuditCode,
                                   client: ClientInfo, factors: FactorRecord,
                                   resetWhenRight: Bool = true) async throws -> AttemptReservation? {
        let now = clock.now()
        let claim = try await claimCheck(.customer(customer.id, .confirmationPassword))
        let claimedAt = ContinuousClock.now
        guard case .claimed(let reservation) = claim else {
            _ = try await hasher.verify(password, against: Self.timingDummyHash)
            try await auditConfirmationPassword(customer, result: .refused, purpose: purpose, detail: [.code(.locked)],
                                                client: client, factors: factors, at: now)
            throw BankError.credentialLocked(.confirmationPassword)
        }
        do {
            if try await passwordMatches(password, customer.confirmationPasswordHash, placeClaimedAt: claimedAt) {
                guard resetWhenRight else { return reservation }
                try await database.transaction { db in
                    try await countRight(db, reservation, customerID: customer.id, credential: .confirmationPassword)
                }
                return nil
            }
        } catch {
            await releaseQuietly(reservation)
            throw error
        }
        let state = try await database.transaction { db in
            let state = try await countWrong(db, reservation, customer: customer, credential: .confirmationPassword,
                                             client: client, at: now)
            try await AuditRecords.write(db, .confirmationPassword, .failure, by: .customer, customerID: customer.id,
                                         loginID: customer.loginID, client: client, factors: factors,
                                         detail: [.code(purpose), .field(.failures, state.failures)], at: now)
            return state
        }
        if state.isLocked {
            mailNotifier.notify()
            throw BankError.credentialLocked(.confirmationPassword)
        }
        throw BankError.wrongConfirmationPassword
    }

    private func auditConfirmationPassword(_ customer: CustomerRecord, result: AuditEvent.Result, purpose: AuditCode,
                                           detail: AuditDetail, client: ClientInfo, factors: FactorRecord,
                                           at now: Date) async throws {
        try await database.transaction { db in
            try await AuditRecords.write(db, .confirmationPassword, result, by: .customer, customerID: customer.id,
                                         loginID: customer.loginID, client: client, factors: factors,
                                         detail: [.code(purpose)] + detail, at: now)
        }
    }
}
