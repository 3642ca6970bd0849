import BankCore
import BankStore
import Foundation
import SQLKit

/// What a code check found.
enum CodeOutcome<T: Sendable>: Sendable {
    /// The code was right and its step recorded; `T` is what the caller's work returned.
    case accepted(T)
    /// Right, but its step (or a later one) was used already: a second tab, a double
    /// click, a code typed twice in one minute. Not counted.
    case alreadyUsed
    /// Wrong: counted; `locked` when this failure reached the limit.
    case wrong(locked: Bool)
    /// Locked by wrong codes before this one arrived: not checked.
    case locked
    /// The token is no longer in the state this step needs (ended meanwhile).
    case tokenGone

    /// The outcome label of `kyoei_otp_checks_total`.
    var metricLabel: String {
        switch self {
        case .accepted: "accepted"
        case .alreadyUsed: "already_used"
        case .wrong(locked: false): "wrong"
        case .wrong(locked: true): "wrong_locked"
        case .locked: "locked"
        case .tokenGone: "token_gone"
        }
    }
}

extension BankUseCase {
    /// Checks a code in one transaction that holds the customer's OTP counter, so that codes
    /// arriving together take turns: the lock, the token as it is now (its last used step),
    /// the code, and the answer — the step recorded and `onAccepted` run, or the failure
    /// counted — commit together. An HMAC is cheap, so nothing is reserved: a crash rolls all
    /// of it back. If `onAccepted` throws, nothing of the check is kept.
    ///
    /// `token` is the token as the caller read it before the transaction. A right code for it
    /// is accepted by the conditional update alone (`acceptStep`: only this token, only in the
    /// status the step needs, only a step after the last one used — the replay rule holds in
    /// that statement), without reading the token again; when that update finds the token
    /// changed or the step taken, the token is read under the locks and checked as it is now.
    func checkCode<T: Sendable>(_ code: String, token known: OTPTokenRecord, customer: CustomerRecord, activating: Bool,
                                event: AuditEventName, client: ClientInfo, factors: FactorRecord, at now: Date,
                                onAccepted: (any SQLDatabase, Int64) async throws -> T) async throws -> CodeOutcome<T> {
        let keys = try requireSecretKeys()
        let neededStatus: OTPTokenStatus = activating ? .provisioned : .active
        let parameters = settings.otp.parameters
        func audit(_ db: any SQLDatabase, _ result: AuditEvent.Result, _ detail: AuditDetail) async throws {
            try await AuditRecords.write(db, event, result, by: .customer, customerID: customer.id, loginID: customer.loginID,
                                         client: client, factors: factors, detail: detail, at: now)
        }
        // The step the code stands for on the token as read, if it is right and unused there.
        let knownStep: Int64? = {
            guard known.status == neededStatus, let sealed = known.secretSealed,
                  let secret = try? keys.open(sealed, associatedData: Self.tokenSecretContext(known.id)) else { return nil }
            return TOTP.verify(code: code, secret: secret, at: now, lastAcceptedStep: known.lastAcceptedStep,
                               window: settings.otp.window, parameters: parameters)
        }()
        let outcome = try await database.transaction { db -> CodeOutcome<T> in
            // The customer's row first, then the counter, then the token: the order every change
            // of factors takes them in (a lost-phone reset, 利用開始), so that none deadlocks. The
            // code found right on the token as read has its step accepted with them (one
            // statement on PostgreSQL).
            let taken = try await OTPCodeCheckRecords.take(db, customerID: customer.id, tokenID: known.id, step: knownStep,
                                                           activating: activating, at: now)
            if taken.locked {
                try await audit(db, .refused, [.code(.locked)])
                return .locked
            }
            func accepted(_ step: Int64) async throws -> CodeOutcome<T> {
                // Nothing to start again from zero when nothing was counted.
                if taken.failures > 0 { try await countRight(db, nil, customerID: customer.id, credential: .otp) }
                return .accepted(try await onAccepted(db, step))
            }
            if let knownStep, taken.stepAccepted {
                return try await accepted(knownStep)
            }
            guard let token = try await OTPTokenRecords.find(db, id: known.id),
                  token.status == neededStatus, let sealed = token.secretSealed else {
                return .tokenGone
            }
            let secret = try keys.open(sealed, associatedData: Self.tokenSecretContext(token.id))
            if let step = TOTP.verify(code: code, secret: secret, at: now, lastAcceptedStep: token.lastAcceptedStep,
                                      window: settings.otp.window, parameters: parameters),
               try await OTPTokenRecords.acceptStep(db, id: token.id, step: step, activating: activating, at: now) {
                return try await accepted(step)
            }
            if TOTP.verify(code: code, secret: secret, at: now, lastAcceptedStep: nil, window: settings.otp.window,
                           parameters: parameters) != nil {
                try await audit(db, .refused, [.code(.codeAlreadyUsed)])
                return .alreadyUsed
            }
            let state = try await countWrong(db, nil, customer: customer, credential: .otp, client: client, at: now)
            try await audit(db, .failure, [.code(.wrongOTP), .field(.failures, state.failures)])
            return .wrong(locked: state.isLocked)
        }
        BankMetrics.otpCheck(purpose: event.rawValue, outcome: outcome.metricLabel)
        return outcome
    }

    /// Binds a sealed secret to its token row: a ciphertext copied to another row fails to open.
    static func tokenSecretContext(_ tokenID: Int64) -> [UInt8] {
        Array("otp-token:\(tokenID)".utf8)
    }
}
