/// A login step that did not sign in, as every presentation words and classes it (the login
/// pages and the API's sessions): the message key and the kind of refusal.
public struct LoginRefusal: Sendable, Equatable {
    public var messageKey: String
    public var kind: RefusalKind

    /// Nil for a success. An unknown login ID and a wrong password are the same refusal.
    public init?(_ outcome: LoginOutcome) {
        switch outcome {
        case .success: return nil
        case .invalidCredentials: self.init(messageKey: "login.invalid", kind: .unauthenticated)
        case .locked: self.init(messageKey: "login.locked", kind: .forbidden)
        case .otpLocked: self.init(messageKey: "login.otp_locked", kind: .forbidden)
        case .tryAgainLater: self.init(messageKey: "error.try_again_later", kind: .unavailable)
        }
    }

    /// Nil for a success. `noPendingLogin`: the login must start again.
    public init?(_ outcome: OTPLoginOutcome) {
        switch outcome {
        case .success: return nil
        case .wrongCode: self.init(messageKey: "error.otp.wrong", kind: .unauthenticated)
        case .alreadyUsed: self.init(messageKey: "error.otp.already_used", kind: .conflict)
        case .locked: self.init(messageKey: "login.otp_locked", kind: .forbidden)
        case .noPendingLogin: self.init(messageKey: "error.api.unauthenticated", kind: .unauthenticated)
        }
    }

    private init(messageKey: String, kind: RefusalKind) {
        self.messageKey = messageKey
        self.kind = kind
    }

    /// What the login form checks before any password is: both fields given. Over-long input
    /// (a login ID over 64 or a password over 128 characters) is refused like a wrong password,
    /// without hashing megabytes.
    public static func missingFields(loginID: String, password: String) -> [FieldError] {
        var errors: [FieldError] = []
        if loginID.isEmpty { errors.append(FieldError(field: "login_id", messageKey: "error.login_id.required")) }
        if password.isEmpty { errors.append(FieldError(field: "password", messageKey: "error.login_password.required")) }
        return errors
    }

    public static func isOverlong(loginID: String, password: String) -> Bool {
        loginID.count > 64 || password.count > 128
    }
}
