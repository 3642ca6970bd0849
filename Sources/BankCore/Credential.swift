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
    public init(limit: Int = 5) { self.limit = max(1, limit) }

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
