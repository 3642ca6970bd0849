/// Whether a customer may use the service (`customers.status`). Only `active` lets them in;
/// any other value the bank wrote (closed, suspended) keeps them out and is kept as stored,
/// so that the back office shows exactly what was written.
public struct CustomerStatus: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public var rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public static let active = CustomerStatus(rawValue: "active")

    public var isActive: Bool { self == .active }
    public var description: String { rawValue }
}
