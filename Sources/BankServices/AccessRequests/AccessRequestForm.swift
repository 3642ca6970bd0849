import BankCore
import BankStore
import Foundation
import SQLKit

/// What the counter fills in to ask for an access-restoring change (raw form values).
public struct AccessRequestForm: Sendable, Equatable {
    public var kind: AccessRequestKind
    /// The credential to unlock (`Credential.rawValue`); unlock only.
    public var credential: String
    public var reason: String
    /// 本人確認書類 (`IdentityDocument.rawValue`); required for an OTP reset.
    public var identityDocument: String
    /// What was checked (document number's last digits, who came): required with `other`.
    public var identityNote: String

    public init(kind: AccessRequestKind, credential: String = "", reason: String, identityDocument: String = "",
                identityNote: String = "") {
        self.kind = kind; self.credential = credential; self.reason = reason
        self.identityDocument = identityDocument; self.identityNote = identityNote
    }
}
