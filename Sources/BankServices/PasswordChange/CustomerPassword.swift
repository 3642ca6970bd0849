import BankCore
import BankStore

/// The two passwords a customer may change alone (ログインパスワード変更 / 確認用パスワード変更).
public enum CustomerPassword: String, CaseIterable, Sendable {
    case login = "login_password"
    case confirmation = "confirmation_password"

    public var credential: Credential { self == .login ? .loginPassword : .confirmationPassword }

    /// The other of the two, which the new password may not equal either.
    var other: CustomerPassword { self == .login ? .confirmation : .login }

    var changedEvent: AuditEventName { self == .login ? .loginPasswordChanged : .confirmationPasswordChanged }

    func storedHash(_ customer: CustomerRecord) -> String {
        self == .login ? customer.loginPasswordHash : customer.confirmationPasswordHash
    }
}
