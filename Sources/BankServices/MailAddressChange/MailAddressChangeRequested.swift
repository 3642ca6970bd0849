import BankCore
import Foundation

/// A メールアドレス変更 asked for: nothing changed yet; a link went to the new address.
public struct MailAddressChangeRequested: Sendable, Equatable {
    public var kind: MailAddressKind
    public var newAddress: String
    /// Where the "a change was requested" notice went (the old address, or the PC address
    /// when no mobile address was registered).
    public var noticeAddress: String
    public var expiresAt: Date
    /// An earlier request still waiting for its link was voided by this one.
    public var replacedEarlier: Bool
    /// The link's mail and the notice's.
    public var messageIDs: [String]
}
