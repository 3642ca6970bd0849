import BankCore

/// The token the bank sent at set-up: whom it belongs to and the secret that makes codes.
///
/// `description`, `debugDescription` and the mirror (`dump`) leave the secret out, so printing or logging a
/// token by mistake does not leak it.
public struct ProvisionedToken: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable {
    /// The bank's service ID, as the bank spelled it.
    public let serviceID: String
    /// The 10-digit token user ID.
    public let userID: String
    /// Who issued the token, e.g. "協栄信用組合".
    public let issuer: String
    /// The raw HMAC key (160 bits from the bank).
    public let secret: [UInt8]
    /// Digits, step and HMAC algorithm of the codes.
    public let parameters: TOTPParameters

    public init(serviceID: String, userID: String, issuer: String, secret: [UInt8], parameters: TOTPParameters) {
        self.serviceID = serviceID
        self.userID = userID
        self.issuer = issuer
        self.secret = secret
        self.parameters = parameters
    }

    public var description: String {
        "ProvisionedToken(serviceID: \(serviceID), userID: \(userID), issuer: \(issuer), "
            + "\(parameters.algorithm.rawValue)/\(parameters.digits)/\(parameters.step)s, secret: <redacted>)"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["serviceID": serviceID, "userID": userID, "issuer": issuer,
                                "parameters": parameters, "secret": "<redacted>"])
    }
}
