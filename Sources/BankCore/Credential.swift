import Foundation

/// The credentials a customer can present, each with its own failure counter and lock.
public enum Credential: String, Sendable, Codable, CaseIterable {
    case loginPassword = "login_password"
    case confirmationPassword = "confirmation_password"
    case otp = "otp"
    case activationPassword = "activation_password"
    case mailPassword = "mail_password"

    public var labelKey: String { "credential.\(rawValue)" }
}

/// Consecutive-failure limit for one credential (default 5). A success resets the count.
public struct LockoutPolicy: Sendable, Equatable {
    public var limit: Int
    /// How long a slow check in flight holds its place: past it, a check whose process died
    /// stops counting (a live check of an Argon2id hash takes tens of milliseconds; the margin
    /// is for a machine under heavy load, where a check waits for a core).
    public var checkLifetime: TimeInterval
    /// How long an attempt waits for a place while every place is held by failures and
    /// checks in flight, before it is answered "try again" (neither counted nor checked).
    /// Longer than `checkLifetime`, so a place held by a dead process is always freed in time.
    public var waitLimit: TimeInterval

    public init(limit: Int = 5, checkLifetime: TimeInterval = 20, waitLimit: TimeInterval = 25) {
        self.limit = max(1, limit)
        self.checkLifetime = checkLifetime
        self.waitLimit = waitLimit
    }

    public func isLocked(failures: Int) -> Bool { failures >= limit }
}

/// Which factors were in force for a customer and which were presented, for the audit
/// trail and the compensation assessment.
public struct FactorRecord: Sendable, Equatable, Codable {
    public var inForce: [Credential]
    public var presented: [Credential]
    public init(inForce: [Credential], presented: [Credential]) {
        self.inForce = inForce
        self.presented = presented
    }

    public static let none = FactorRecord(inForce: [], presented: [])
    public static let loginOnly = FactorRecord(inForce: [.loginPassword], presented: [.loginPassword])

    /// `login_password,otp`: the stored form.
    public static func encode(_ credentials: [Credential]) -> String {
        credentials.map(\.rawValue).joined(separator: ",")
    }

    public static func decode(_ text: String) -> [Credential] {
        text.split(separator: ",").compactMap { Credential(rawValue: String($0)) }
    }
}
