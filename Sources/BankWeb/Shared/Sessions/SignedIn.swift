import BankCore
import BankServices
import Hummingbird

/// A request's session as the session middleware found it, for customers or staff (`Kind`).
enum SessionState<Kind: SessionKind>: Sendable {
    /// Every login step taken.
    case signedIn(SignedIn<Kind>)
    /// The password was given; the second factor is still owed.
    case pending(SignedIn<Kind>)
    /// No session: no cookie, one that ran out, or one that no longer exists.
    case ended(SessionEnd)

    /// The live session, whatever its stage.
    var live: SignedIn<Kind>? {
        switch self {
        case .signedIn(let current), .pending(let current): current
        case .ended: nil
        }
    }
}

enum SessionEnd: Sendable, Equatable {
    case noCookie
    case expired(SessionPolicy.State)
    /// Ended by the timeout sweep, a logout elsewhere, a new login, or its holder closed.
    case gone
}

/// A live session: its cookie, the session, and who holds it (no password hash).
struct SignedIn<Kind: SessionKind>: Sendable {
    let cookieValue: String
    let session: SessionView<Kind>
    let holder: Kind.View
}

typealias CustomerSession = SignedIn<CustomerSessions>
typealias StaffSession = SignedIn<StaffSessions>

extension SignedIn where Kind == CustomerSessions {
    var customer: SignedInCustomer { holder }
    /// Who acts on the customer's screens: what the customer use cases are given.
    var actor: BankActor { holder.actor }
}

extension SignedIn where Kind == StaffSessions {
    var staff: StaffIdentity { holder }
}
