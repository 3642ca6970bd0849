import BankCore
import BankStore

/// What a successful login hands to the web layer: the cookie value (only ever held by the
/// browser; the database keeps its hash) and the session's CSRF token.
public struct SessionTicket: Sendable, Equatable {
    public var cookieValue: String
    public var csrfToken: String
    public var stage: SessionStage
}
