/// Who an audit row says acted, as stored in its `actor` column (`customer`, `staff:yamada`,
/// `system` …). Stored as text so rows, filters and the CSV stay what they were.
public enum AuditActor: Sendable, Equatable {
    /// The customer the row's `customer_id` names.
    case customer
    /// A member of staff by 職員ID, or the name given to the CLI's `--staff`.
    case staff(String)
    /// A staff session whose member could no longer be found.
    case unknownStaff
    /// The bank itself: locks, expiries, the mail worker.
    case system
    /// Someone who gave an ID the bank does not know.
    case anonymous
    /// The phone token app setting itself up (no session, only the 利用開始パスワード).
    case tokenApp

    public var storedText: String {
        switch self {
        case .customer: "customer"
        case .staff(let name): "staff:\(name)"
        case .unknownStaff: "staff:?"
        case .system: "system"
        case .anonymous: "anonymous"
        case .tokenApp: "token_app"
        }
    }

    /// A stored actor read back; nil for text no version of this bank wrote.
    public init?(stored text: String) {
        switch text {
        case "customer": self = .customer
        case "system": self = .system
        case "anonymous": self = .anonymous
        case "token_app": self = .tokenApp
        case "staff:?": self = .unknownStaff
        case _ where text.hasPrefix("staff:"): self = .staff(String(text.dropFirst("staff:".count)))
        default: return nil
        }
    }

    /// The actor for who asked a use case: the CLI's operator is audited like staff, by the name given.
    public init(_ actor: BankActor) {
        switch actor {
        case .customer: self = .customer
        case .staff(let identity): self = .staff(identity.loginID)
        case .operator(let name): self = .staff(name)
        case .system: self = .system
        }
    }
}
