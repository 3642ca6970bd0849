import BankCore
import BankStore
import Foundation

/// What a successful login hands to the web layer: the cookie value (only ever held by the
/// browser; the database keeps its hash) and the session's CSRF token.
public struct SessionTicket: Sendable, Equatable {
    public var cookieValue: String
    public var csrfToken: String
    public var stage: SessionStage
}

public enum LoginOutcome: Sendable, Equatable {
    case success(SessionTicket)
    /// Same answer for an unknown login ID and a wrong password.
    case invalidCredentials
    /// Too many consecutive failures: the customer must contact the bank.
    case locked
}

extension Bank {
    /// A hash of a password nobody has, verified against when the login ID is unknown so
    /// that both answers take the same time.
    static let timingDummyHash: String = {
        let random = SystemRandomSource()
        return (try? Argon2idHasher.hashNow(random.token256(), salt: random.bytes(16), memoryKiB: 19 * 1024,
                                            iterations: 2, parallelism: 1)) ?? ""
    }()

    public func login(loginID rawLoginID: String, password: String, client: ClientInfo) async throws -> LoginOutcome {
        let now = clock.now()
        let loginID = CredentialPolicy.normalizeLoginID(rawLoginID)
        let customer = try await database.read { db in try await CustomerRecords.find(db, loginID: loginID) }

        guard let customer, customer.status == "active" else {
            _ = try await hasher.verify(password, against: Self.timingDummyHash)
            let failures = try await database.transaction { db in
                let count = try await CredentialRecords.recordUnknownFailure(db, loginIDHash: Self.sha256Hex(loginID), at: now)
                try await AuditRecords.append(db, AuditEvent(
                    at: now, event: "login", result: .failure, actor: "anonymous", loginID: String(loginID.prefix(64)),
                    ip: client.ip, userAgent: client.userAgent,
                    factors: FactorRecord(inForce: [], presented: [.loginPassword]), detail: "unknown_login_id"))
                return count
            }
            return settings.lockout.isLocked(failures: failures) ? .locked : .invalidCredentials
        }

        let passwordMatches = try await hasher.verify(password, against: customer.loginPasswordHash)
        let inForce: [Credential] = [.loginPassword]
        let presented: [Credential] = [.loginPassword]
        let lockState = try await database.read { db in
            try await CredentialRecords.state(db, customerID: customer.id, credential: .loginPassword)
        }
        if lockState.isLocked {
            try await database.transaction { db in
                try await AuditRecords.append(db, AuditEvent(
                    at: now, event: "login", result: .refused, actor: "customer", customerID: customer.id, loginID: loginID,
                    ip: client.ip, userAgent: client.userAgent,
                    factors: FactorRecord(inForce: inForce, presented: presented), detail: "locked"))
            }
            return .locked
        }

        guard passwordMatches else {
            let state = try await database.transaction { db in
                let state = try await CredentialRecords.recordFailure(
                    db, customerID: customer.id, credential: .loginPassword, policy: settings.lockout, at: now)
                try await AuditRecords.append(db, AuditEvent(
                    at: now, event: "login", result: .failure, actor: "customer", customerID: customer.id, loginID: loginID,
                    ip: client.ip, userAgent: client.userAgent,
                    factors: FactorRecord(inForce: inForce, presented: presented),
                    detail: "wrong_password failures=\(state.failures)"))
                if state.isLocked && state.failures == settings.lockout.limit {
                    try await AuditRecords.append(db, AuditEvent(
                        at: now, event: "credential_locked", result: .info, actor: "system", customerID: customer.id,
                        loginID: loginID, ip: client.ip, userAgent: client.userAgent, detail: Credential.loginPassword.rawValue))
                }
                return state
            }
            return state.isLocked ? .locked : .invalidCredentials
        }

        if hasher.needsRehash(customer.loginPasswordHash) {
            let upgraded = try await hasher.hash(password)
            try await database.transaction { db in
                try await CustomerRecords.updatePasswordHash(db, customerID: customer.id, credential: .loginPassword, hash: upgraded)
            }
        }

        let cookieValue = random.token256()
        let csrfToken = random.token256()
        let session = SessionRecord(
            tokenHash: Self.sha256Hex(cookieValue), customerID: customer.id, stage: .authenticated, csrfToken: csrfToken,
            factorsPresented: presented, ip: client.ip, userAgent: client.userAgent, createdAt: now, lastSeenAt: now)
        try await database.transaction { db in
            try await CredentialRecords.reset(db, customerID: customer.id, credential: .loginPassword)
            try await CustomerRecords.recordLogin(db, customerID: customer.id, at: now)
            try await SessionRecords.insert(db, session)
            try await AuditRecords.append(db, AuditEvent(
                at: now, event: "login", result: .success, actor: "customer", customerID: customer.id, loginID: loginID,
                ip: client.ip, userAgent: client.userAgent, factors: FactorRecord(inForce: inForce, presented: presented)))
        }
        return .success(SessionTicket(cookieValue: cookieValue, csrfToken: csrfToken, stage: session.stage))
    }
}
