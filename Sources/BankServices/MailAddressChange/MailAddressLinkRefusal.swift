/// Why a メールアドレス変更 confirmation link does nothing. One refusal page says which, so the
/// customer knows whether to ask again (expired, replaced) or that it is done already (used).
public enum MailAddressLinkRefusal: String, Sendable, Equatable, CaseIterable {
    /// Not a link the bank sent (mistyped, cut short by the mail program, or made up).
    case unknown
    /// Older than 24 hours.
    case expired
    /// Confirmed already: the change was made.
    case used
    /// A newer request, or another change of the address, replaced it.
    case voided

    public var messageKey: String { "error.mail_address_link.\(rawValue)" }
}
