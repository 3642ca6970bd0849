import BankCore
import BankStore
import Foundation

extension LoginService {
    /// The second login step: the code from the app. On success the pending session is
    /// replaced by a new one (new cookie value) that may reach the menu.
    public func checkOTP(cookieValue: String, code: String, client: ClientInfo, browser: String? = nil) async throws -> OTPLoginOutcome {
        let outcome = try await codeStep(cookieValue: cookieValue, code: code, client: client, browser: browser)
        BankMetrics.login("customer", step: "otp", outcome: outcome.metricLabel)
        return outcome
    }

    private func codeStep(cookieValue: String, code: String, client: ClientInfo, browser: String?) async throws -> OTPLoginOutcome {
        let now = clock.now()
        let tokenHash = Self.sha256Hex(cookieValue)
        // The waiting session, its customer and their token: one statement.
        let found = try await database.read { db in try await SessionRecords.findWithCustomerAndToken(db, tokenHash: tokenHash) }
        guard let (session, customer, live) = found, session.stage == .otpPending,
              let token = live, token.status == .active else { return .noPendingLogin }
        let factors = FactorRecord(inForce: ExtraFactorState.otpActive.loginFactors, presented: [.loginPassword, .otp])
        let cookie = random.token256()
        let csrf = random.token256()
        let outcome = try await checkCode(code, token: token, customer: customer, activating: false, event: .loginOTP,
                                          client: client, factors: factors, at: now) { db, step -> Bool in
            // The waiting session is used once, and becomes the signed-in one under a new key: a
            // second tab that passed the same step loses here.
            // With the customer's login time and the audit row: one statement on PostgreSQL.
            guard try await SessionRecords.replaceOnLogin(db, tokenHash: tokenHash, with: SessionRecord(
                tokenHash: Self.sha256Hex(cookie), customerID: customer.id, stage: .authenticated, csrfToken: csrf,
                factorsPresented: [.loginPassword, .otp], ip: client.ip, userAgent: client.userAgent,
                createdAt: session.createdAt, lastSeenAt: now),
                audit: AuditRecords.row(.login, .success, by: .customer, customerID: customer.id, loginID: customer.loginID,
                                        client: client, factors: factors, detail: [.code(.otp), .field(.step, step)], at: now),
                at: now) else { return false }
            try await noteFullLogin(db, customer, sessionHash: Self.sha256Hex(cookie), browser: browser, client: client, at: now)
            return true
        }
        switch outcome {
        case .accepted(let sessionReplaced):
            if sessionReplaced { mailNotifier.notify() }
            return sessionReplaced ? .success(SessionTicket(cookieValue: cookie, csrfToken: csrf, stage: .authenticated))
                                   : .noPendingLogin
        case .alreadyUsed: return .alreadyUsed
        case .wrong(locked: false): return .wrongCode
        case .wrong(locked: true), .locked:
            mailNotifier.notify()
            _ = try await database.transaction { db in try await SessionRecords.delete(db, tokenHash: tokenHash) }
            return .locked
        case .tokenGone: return .noPendingLogin
        }
    }
}
