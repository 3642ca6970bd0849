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
}
