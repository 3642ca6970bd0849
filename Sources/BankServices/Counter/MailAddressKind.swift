import BankCore
import BankStore
import Foundation
import SQLKit

/// Which registered address the counter changes.
public enum MailAddressKind: String, Sendable, CaseIterable {
    /// PCメールアドレス: transfer notices and security notices go here.
    case pc
    /// 携帯メールアドレス.
    case mobile
}
