import BankCore
import BankStore
import Foundation

/// What a session cookie stands for on this request.
public enum SessionResolution<Kind: SessionKind>: Sendable, Equatable {
    /// No such session (never, logged out, ended by a new login, or its holder closed).
    case none
    /// The session ran out (idle or absolute limit); it is ended and audited.
    case expired(SessionPolicy.State)
    /// The password was given, the second factor is still owed: only its screen opens.
    case otpPending(SessionView<Kind>, Kind.View)
    /// Every login step taken.
    case active(SessionView<Kind>, Kind.View)
}

/// A session as the web sees it: its CSRF token and stage, never its key.
public struct SessionView<Kind: SessionKind>: Sendable, Equatable {
    public let csrfToken: String
    public let stage: Kind.Stored.Stage
    /// The factors the customer presented (a staff session records none: its stage tells).
    public let factorsPresented: [Credential]
    public let ip: String
    public let userAgent: String
    public let createdAt: Date
    /// The last view recorded (up to `touchGranularity` early): the idle clock runs from it.
    public let lastSeenAt: Date

    init(_ stored: Kind.Stored) {
        csrfToken = stored.csrfToken
        stage = stored.stage
        factorsPresented = stored.factorsPresented
        ip = stored.ip
        userAgent = stored.userAgent
        createdAt = stored.createdAt
        lastSeenAt = stored.lastSeenAt
    }
}
