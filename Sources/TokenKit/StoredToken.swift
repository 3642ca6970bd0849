import Foundation

/// A token read back from its file: the token, where it came from and since when.
public struct StoredToken: Sendable, Equatable, CustomStringConvertible {
    public let token: ProvisionedToken
    /// The bank address used at set-up.
    public let server: String
    public let provisionedAt: Date

    public init(token: ProvisionedToken, server: String, provisionedAt: Date) {
        self.token = token
        self.server = server
        self.provisionedAt = provisionedAt
    }

    public var description: String { "StoredToken(\(token), server: \(server), provisionedAt: \(provisionedAt))" }
}
