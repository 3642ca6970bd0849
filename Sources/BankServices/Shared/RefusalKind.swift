/// What kind of refusal an error is, whatever presents it: the pages (ErrorPresenter) and the
/// JSON API (problem+json) both ask here, so a refusal answers with the same HTTP status
/// class on both (the status of each kind is chosen once, in BankAPI's `RefusalKind.status`).
public enum RefusalKind: String, Sendable, CaseIterable {
    /// Input to correct (the fields are named), a wrong password or code: the request may be
    /// sent again corrected.
    case invalidInput
    /// Nobody is signed in (no session, an ended one, a wrong login ID or password).
    case unauthenticated
    /// Not allowed: a locked credential, a role without the right.
    case forbidden
    /// No such thing, or not the asker's (answered the same).
    case notFound
    /// The thing is not in a state that allows this now.
    case conflict
    /// Too many attempts or look-ups for now.
    case tooManyRequests
    /// Nothing was checked or counted (every place to check was busy): simply try again.
    case unavailable

    /// The kind of any error a use case throws; what is not a known refusal is input to correct.
    public init(_ error: any Error) {
        switch error {
        case BankError.staff(.forbidden), BankError.credentialLocked, BankError.mailPasswordRefused(.locked):
            self = .forbidden
        case BankError.customerNotFound, BankError.transferNotFound, BankError.payeeNotFound, BankError.notYourAccount,
             BankError.accountNotFound, MailRetryRefusal.notFound:
            self = .notFound
        case BankError.transferStatus, MailRetryRefusal.notFailed, MailRetryRefusal.secretErased:
            self = .conflict
        case BankError.tooManyNameLookups:
            self = .tooManyRequests
        case BankError.tryAgainLater:
            self = .unavailable
        default:
            self = .invalidInput
        }
    }
}
