import BankCore
import BankStore
import Foundation
import SQLKit

/// What the password step answers; every refusal is a `BankError.staff(…)`.
public enum StaffLoginResult: Sendable, Equatable {
    /// The password was right: a session that opens only the code screen, behind this cookie value.
    case otpRequired(cookie: String)
}
