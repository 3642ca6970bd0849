import BankCore
import BankStore
import Foundation

public struct DemoResult: Sendable, Codable {
    public var created: Bool
    public var loginID: String
    public var loginPassword: String
    public var confirmationPassword: String
    /// The demo's back-office staff (public passwords and TOTP secrets).
    public var staff: [DemoStaffLogin] = []
}
