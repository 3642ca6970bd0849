import BankCore
import BankStore
import Foundation
import SQLKit

/// A new member of staff and the TOTP secret for their authenticator app, shown this once
/// (the bank keeps it sealed and never prints it again).
public struct StaffEnrollment: Sendable, Equatable {
    public var staff: StaffAccount
    /// The secret in Base32, for typing into an app by hand.
    public var secretBase32: String
    /// `otpauth://totp/…`, for a QR code.
    public var otpauthURI: String
}
