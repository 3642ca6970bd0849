import BankCore

/// Where a transfer goes, as the customer chose it (`transfers.destination_kind`, and the
/// destination kept with a 確認画面).
public enum DestinationKind: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// 振替: one of the customer's own accounts.
    case own
    /// A payee the customer registered (利用者登録).
    case customer
    /// A payee the bank registered at the counter (届出済み).
    case bank
    /// An account typed by hand (他口座).
    case other

    /// A payee's kind as a destination.
    public init(_ payee: PayeeKind) {
        switch payee {
        case .customer: self = .customer
        case .bank: self = .bank
        }
    }

    public var description: String { rawValue }
}
