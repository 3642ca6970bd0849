import BankCore
import BankStore
import Foundation

/// A demo member of staff as the banner and `kyoei demo --json` print them.
public struct DemoStaffLogin: Sendable, Codable, Equatable {
    public var staffID: String
    public var name: String
    public var role: StaffRole
    public var password: String
    public var totpSecret: String
    public var otpauthURI: String
}
