public enum OTPLoginOutcome: Sendable, Equatable {
    /// The code passed: a new session (new cookie) that may reach the menu.
    case success(SessionTicket)
    case wrongCode
    /// The code was right but already used (another tab, a double click): wait for the next.
    case alreadyUsed
    /// Too many wrong codes: the session is ended and the customer must call the bank.
    case locked
    /// The session is gone or was not waiting for a code.
    case noPendingLogin

    /// The outcome label of `kyoei_logins_total`.
    var metricLabel: String {
        switch self {
        case .success: "success"
        case .wrongCode: "wrong_code"
        case .alreadyUsed: "already_used"
        case .locked: "locked"
        case .noPendingLogin: "no_pending_login"
        }
    }
}
