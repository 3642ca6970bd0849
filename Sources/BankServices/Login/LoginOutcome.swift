/// What the password step of a login answers.
public enum LoginOutcome: Sendable, Equatable {
    case success(SessionTicket)
    /// Same answer for an unknown login ID and a wrong password.
    case invalidCredentials
    /// Too many consecutive failures: the customer must contact the bank.
    case locked
    /// The password was right but the one-time password is locked: contact the bank.
    case otpLocked
    /// Checks of this login were in flight for longer than an attempt waits: nothing was
    /// checked or counted; try again.
    case tryAgainLater

    /// The outcome label of `kyoei_logins_total`.
    var metricLabel: String {
        switch self {
        case .success(let ticket): ticket.stage == .authenticated ? "success" : "otp_required"
        case .invalidCredentials: "invalid_credentials"
        case .locked: "locked"
        case .otpLocked: "otp_locked"
        case .tryAgainLater: "try_again_later"
        }
    }
}
