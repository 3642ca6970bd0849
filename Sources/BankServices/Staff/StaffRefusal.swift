/// Why the back office refused a member of staff, each with the message they read.
public enum StaffRefusal: Error, Sendable, Equatable {
    /// Wrong staff ID or password: one answer for both (and for a disabled member of staff).
    case loginFailed
    /// Too many wrong passwords or codes: a supervisor unlocks (`kyoei admin staff unlock`).
    case locked
    /// The TOTP code is wrong.
    case wrongCode
    /// The TOTP code was right but used already: wait for the next one (not counted).
    case codeAlreadyUsed
    /// Checks of this login were in flight for longer than an attempt waits: try again.
    case tryAgainLater
    /// No login waiting for its code behind this cookie (never, ended, or timed out).
    case loginExpired
    /// The member of staff's role does not allow this, or the member is disabled.
    case forbidden
    case notFound
    case duplicateStaffID

    public var messageKey: String {
        switch self {
        case .loginFailed: "error.staff.login_failed"
        case .locked: "error.staff.locked"
        case .wrongCode: "error.staff.wrong_code"
        case .codeAlreadyUsed: "error.otp.already_used"
        case .tryAgainLater: "error.try_again_later"
        case .loginExpired: "error.staff.login_expired"
        case .forbidden: "error.staff.forbidden"
        case .notFound: "error.staff.not_found"
        case .duplicateStaffID: "error.staff_id.taken"
        }
    }
}
