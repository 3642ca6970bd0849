import BankCore
import BankStore
import Foundation
import SQLKit

/// The customer's one-time password (ワンタイムパスワード): issuing a token, 利用開始, 利用解除,
/// what is in force; and the bank's side (a lost phone, tokens never set up).
public struct OTPService: BankUseCase {
    public let context: BankContext

    /// What the customer's security settings are now (the OTP screens, the mail password's).
    public func factorOverview(by actor: BankActor) async throws -> FactorOverview {
        let customerID = try actor.requireCustomer()
        let now = clock.now()
        return try await database.read { db in
            let (state, token) = try await extraFactorState(db, customerID: customerID, at: now)
            return FactorOverview(
                state: state, token: token,
                mailPassword: try await MailPasswordSettingRecords.find(db, customerID: customerID),
                otpLocked: try await CredentialRecords.state(db, customerID: customerID, credential: .otp).isLocked)
        }
    }

    /// The customer's extra factor, every token they ever had (newest first) and whether
    /// the OTP is locked: for the counter (kyoei admin otp show).
    public func history(loginID: String) async throws -> (ExtraFactorState, [OTPTokenView], Bool) {
        let now = clock.now()
        return try await database.read { db in
            guard let customer = try await CustomerRecords.find(db, loginID: CredentialPolicy.normalizeLoginID(loginID)) else {
                throw BankError.customerNotFound
            }
            return (try await extraFactorState(db, customerID: customer.id, at: now).0,
                    try await OTPTokenRecords.history(db, customerID: customer.id).map(OTPTokenView.init),
                    try await CredentialRecords.state(db, customerID: customer.id, credential: .otp).isLocked)
        }
    }

    /// 利用開始: the first code from the set-up app turns the OTP on.
    public func activateToken(by actor: BankActor, code: String, sessionCookie: String?, client: ClientInfo) async throws {
        let customerID = try actor.requireCustomer()
        let now = clock.now()
        let (customer, state, token) = try await database.read { db in
            let (state, token) = try await extraFactorState(db, customerID: customerID, at: now)
            return (try await CustomerRecords.find(db, id: customerID), state, token)
        }
        guard let customer else { throw BankError.customerNotFound }
        try enforce { () throws(ExtraFactorRefusal) in try ExtraFactorRules.checkActivate(state) }
        guard let token else { throw BankError.factor(.noTokenIssued) }
        guard token.secretSealed != nil else { throw BankError.factor(.tokenNotSetUp) }
        let factors = FactorRecord(inForce: state.factorsInForce, presented: [.loginPassword, .otp])
        let outcome = try await checkCode(code, token: token, customer: customer, activating: true,
                                          event: .otpActivation, client: client, factors: factors, at: now) { db, step in
            if let sessionCookie {
                try await SessionRecords.addFactor(db, tokenHash: Self.sha256Hex(sessionCookie), .otp)
            }
            try await enqueueOTPNotice(db, .activated, customer: customer, at: now)
            try await AuditRecords.write(db, .otpActivated, .success, by: .customer, customerID: customerID,
                loginID: customer.loginID, client: client,
                factors: FactorRecord(inForce: ExtraFactorState.otpActive.factorsInForce, presented: factors.presented),
                detail: [.field(.userID, token.userID), .field(.step, step)], at: now)
        }
        mailNotifier.notify()
        switch outcome {
        case .accepted: return
        case .alreadyUsed: throw BankError.otpAlreadyUsed
        case .wrong(locked: false): throw BankError.wrongOTP
        case .wrong(locked: true), .locked: throw BankError.credentialLocked(.otp)
        case .tokenGone: throw BankError.factor(.noTokenIssued)
        }
    }

    /// 利用解除: ends the customer's token (active, or still pending) after the 確認用パスワード.
    public func deactivateToken(by actor: BankActor, confirmationPassword: String, session presented: [Credential],
                                client: ClientInfo) async throws {
        let customerID = try actor.requireCustomer()
        if confirmationPassword.isEmpty {
            throw BankError.invalidInput([FieldError.confirmationPasswordRequired])
        }
        let now = clock.now()
        let (customer, state) = try await customerAndFactor(customerID, at: now)
        try enforce { () throws(ExtraFactorRefusal) in try ExtraFactorRules.checkDeactivate(state, presented: presented) }
        let factors = FactorRecord(inForce: state.factorsInForce, presented: presented + [.confirmationPassword])
        try await checkConfirmationPassword(customer, password: confirmationPassword, purpose: .otpDeactivate, client: client,
                                            factors: factors)
        try await database.transaction { db in
            try await CustomerRecords.lockForChange(db, customerID: customerID)
            let (current, token) = try await extraFactorState(db, customerID: customerID, at: now)
            try enforce { () throws(ExtraFactorRefusal) in try ExtraFactorRules.checkDeactivate(current, presented: presented) }
            guard let token, try await OTPTokenRecords.end(db, id: token.id, expected: token.status, as: .deactivated,
                                                           reason: "customer", at: now) else { throw BankError.factor(.noTokenToEnd) }
            try await enqueueOTPNotice(db, token.status == .active ? .deactivated : .withdrawn, customer: customer, at: now)
            try await AuditRecords.write(db, .otpDeactivated, .success, by: .customer, customerID: customerID,
                loginID: customer.loginID, client: client, factors: factors,
                detail: [.field(.userID, token.userID), .field(.was, token.status.rawValue)], at: now)
        }
        mailNotifier.notify()
    }

    /// Marks issued tokens whose set-up period ran out as expired, auditing each (the sweeper).
    @discardableResult
    public func expireOverdueTokens() async throws -> Int {
        let now = clock.now()
        return try await database.transaction { db in
            var count = 0
            for token in try await OTPTokenRecords.overdue(db, at: now)
            where try await OTPTokenRecords.end(db, id: token.id, expected: .issued, as: .expired, reason: "setup_period", at: now) {
                try await AuditRecords.write(db, .otpTokenExpired, .info, by: .system, customerID: token.customerID,
                    detail: [.field(.userID, token.userID)], at: now)
                count += 1
            }
            return count
        }
    }
}
