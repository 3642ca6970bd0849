import BankCore
import BankStore
import Foundation
import SQLKit

extension BankUseCase {
    /// Checks the 確認用パスワード for a change the customer asked for. The check holds one of
    /// the lock's places while it runs (`claimCheck`); only a password found wrong counts as
    /// a failure, and a locked one is not checked at all. A right password clears the count
    /// at once, and is a success even if the change is then refused (a wrong メール通知パスワード,
    /// a duplicate payee, a transfer over the limit). (実行 checks it before its one
    /// transaction instead: `checkPasswordBeforeTransaction`.)
    func checkConfirmationPassword(_ customer: CustomerRecord, password: String, purpose: AuditCode,
                                   client: ClientInfo, factors: FactorRecord) async throws {
        try await checkPassword(.confirmationPassword, of: customer, password: password, event: .confirmationPassword,
                                purpose: purpose, wrong: .wrongConfirmationPassword, client: client, factors: factors)
    }

    /// The same check for either of the customer's passwords (the login password when the
    /// customer changes it): a wrong one counts toward that credential's lock, audited as
    /// `event` with the `purpose`, and throws `wrong`.
    func checkPassword(_ credential: Credential, of customer: CustomerRecord, password: String, event: AuditEventName,
                       purpose: AuditCode, wrong: BankError, client: ClientInfo, factors: FactorRecord) async throws {
        let now = clock.now()
        let stored = credential == .loginPassword ? customer.loginPasswordHash : customer.confirmationPasswordHash
        let claim = try await claimCheck(.customer(customer.id, credential))
        let claimedAt = ContinuousClock.now
        guard case .claimed(let reservation) = claim else {
            try await refuseLocked(credential, of: customer, password: password, event: event, purpose: purpose,
                                   client: client, factors: factors, at: now)
        }
        do {
            if try await passwordMatches(password, stored, placeClaimedAt: claimedAt) {
                try await database.transaction { db in
                    try await countRight(db, reservation, customerID: customer.id, credential: credential)
                }
                return
            }
        } catch {
            await releaseQuietly(reservation)
            throw error
        }
        let state = try await database.transaction { db in
            try await countWrongAndAudit(db, reservation, credential, of: customer, event: event, purpose: purpose,
                                         client: client, factors: factors, at: now)
        }
        if state.isLocked {
            mailNotifier.notify()
            throw BankError.credentialLocked(credential)
        }
        throw wrong
    }

    /// The same check for 実行, before its one transaction and holding no place (so that the
    /// transfer commits once, not three times). A password locked before (`lockedBefore`, read
    /// with the 確認画面) is not checked; a wrong one is counted and audited at once, under the
    /// counter's lock. Returns only for a right password, whose count the caller's transaction
    /// clears with `CredentialRecords.clear` — refusing it if wrong answers locked it meanwhile.
    ///
    /// Why no place is needed here: places keep more than `limit` wrong answers from ever being
    /// *answered*. Each wrong answer here is counted under the counter's row lock before it is
    /// answered, and once the count reaches the limit every later answer, right or wrong, is
    /// "locked"; when the count and the places other checks hold (a payee's registration, say)
    /// already reach the limit, the answer is withheld (`tryAgainLater`) and nothing counted. The
    /// bound is the same; what is given up is only that more hashes than `limit` may run at once
    /// under a flood, from a session that passed the login.
    func checkPasswordBeforeTransaction(_ credential: Credential, of customer: CustomerRecord, password: String,
                                        lockedBefore: Bool, event: AuditEventName, purpose: AuditCode, wrong: BankError,
                                        client: ClientInfo, factors: FactorRecord) async throws {
        let now = clock.now()
        if lockedBefore {
            try await refuseLocked(credential, of: customer, password: password, event: event, purpose: purpose,
                                   client: client, factors: factors, at: now)
        }
        let stored = credential == .loginPassword ? customer.loginPasswordHash : customer.confirmationPasswordHash
        if try await passwordMatches(password, stored) { return }
        let counter = AttemptCounter.customer(customer.id, credential)
        let settled = try await database.transaction { db -> WrongAnswer in
            let (failures, locked) = try await AttemptReservations.lockCounter(db, counter)
            if locked {
                try await AuditRecords.write(db, event, .refused, by: .customer, customerID: customer.id,
                                             loginID: customer.loginID, client: client, factors: factors,
                                             detail: [.code(purpose), .code(.locked)], at: now)
                return .lockedAlready
            }
            guard failures + (try await AttemptReservations.inFlight(db, counter, at: now)) < settings.lockout.limit else {
                return .withheld
            }
            return .counted(try await countWrongAndAudit(db, nil, credential, of: customer, event: event, purpose: purpose,
                                                         client: client, factors: factors, at: now))
        }
        switch settled {
        case .lockedAlready:
            throw BankError.credentialLocked(credential)
        case .withheld:
            throw BankError.tryAgainLater
        case .counted(let state) where state.isLocked:
            mailNotifier.notify()
            throw BankError.credentialLocked(credential)
        case .counted:
            throw wrong
        }
    }

    /// A locked password is not checked: refused and audited, after a hash of the same cost.
    private func refuseLocked(_ credential: Credential, of customer: CustomerRecord, password: String, event: AuditEventName,
                              purpose: AuditCode, client: ClientInfo, factors: FactorRecord, at now: Date) async throws -> Never {
        _ = try await hasher.verify(password, against: Self.timingDummyHash)
        try await database.transaction { db in
            try await AuditRecords.write(db, event, .refused, by: .customer, customerID: customer.id,
                                         loginID: customer.loginID, client: client, factors: factors,
                                         detail: [.code(purpose), .code(.locked)], at: now)
        }
        throw BankError.credentialLocked(credential)
    }

    /// In the caller's transaction: a wrong password counted (`countWrong`) and audited as `event`.
    private func countWrongAndAudit(_ db: any SQLDatabase, _ reservation: AttemptReservation?, _ credential: Credential,
                                    of customer: CustomerRecord, event: AuditEventName, purpose: AuditCode,
                                    client: ClientInfo, factors: FactorRecord, at now: Date) async throws -> CredentialState {
        let state = try await countWrong(db, reservation, customer: customer, credential: credential, client: client, at: now)
        try await AuditRecords.write(db, event, .failure, by: .customer, customerID: customer.id,
                                     loginID: customer.loginID, client: client, factors: factors,
                                     detail: [.code(purpose), .field(.failures, state.failures)], at: now)
        return state
    }
}

/// How a wrong password checked without a place was settled.
private enum WrongAnswer: Sendable {
    /// Locked by other wrong answers meanwhile: answered "locked", not counted.
    case lockedAlready
    /// The count and the places other checks hold reach the limit: not answered, not counted.
    case withheld
    case counted(CredentialState)
}
