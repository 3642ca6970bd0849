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
        try await checkPassword(.confirmationPassword, of: customer, password: password, event: .confirmationPassword,
                                purpose: purpose, wrong: .wrongConfirmationPassword, client: client, factors: factors,
                                resetWhenRight: resetWhenRight)
    }

    /// The same check for either of the customer's passwords (the login password when the
    /// customer changes it): a wrong one counts toward that credential's lock, audited as
    /// `event` with the `purpose`, and throws `wrong`.
    @discardableResult
    func checkPassword(_ credential: Credential, of customer: CustomerRecord, password: String, event: AuditEventName,
                       purpose: AuditCode, wrong: BankError, client: ClientInfo, factors: FactorRecord,
                       resetWhenRight: Bool = true) async throws -> AttemptReservation? {
        let now = clock.now()
        let stored = credential == .loginPassword ? customer.loginPasswordHash : customer.confirmationPasswordHash
        let claim = try await claimCheck(.customer(customer.id, credential))
        let claimedAt = ContinuousClock.now
        guard case .claimed(let reservation) = claim else {
            _ = try await hasher.verify(password, against: Self.timingDummyHash)
            try await database.transaction { db in
                try await AuditRecords.write(db, event, .refused, by: .customer, customerID: customer.id,
                                             loginID: customer.loginID, client: client, factors: factors,
                                             detail: [.code(purpose), .code(.locked)], at: now)
            }
            throw BankError.credentialLocked(credential)
        }
        do {
            if try await passwordMatches(password, stored, placeClaimedAt: claimedAt) {
                guard resetWhenRight else { return reservation }
                try await database.transaction { db in
                    try await countRight(db, reservation, customerID: customer.id, credential: credential)
                }
                return nil
            }
        } catch {
            await releaseQuietly(reservation)
            throw error
        }
        let state = try await database.transaction { db in
            let state = try await countWrong(db, reservation, customer: customer, credential: credential,
                                             client: client, at: now)
            try await AuditRecords.write(db, event, .failure, by: .customer, customerID: customer.id,
                                         loginID: customer.loginID, client: client, factors: factors,
                                         detail: [.code(purpose), .field(.failures, state.failures)], at: now)
            return state
        }
        if state.isLocked {
            mailNotifier.notify()
            throw BankError.credentialLocked(credential)
        }
        throw wrong
    }
}
