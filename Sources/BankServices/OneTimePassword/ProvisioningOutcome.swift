import BankCore

/// The answer of the provisioning endpoint (docs/token-provisioning.md).
public enum ProvisioningOutcome: Sendable, Equatable {
    /// The secret, handed out this once.
    case provisioned(secret: [UInt8], parameters: TOTPParameters)
    /// Unknown service or user ID, or a wrong 利用開始パスワード: one answer for all.
    case invalidCredentials
    /// Already set up, expired, replaced, ended or void.
    case unavailable
    /// This wrong password was the last one allowed: the token is now void.
    case voided
}
