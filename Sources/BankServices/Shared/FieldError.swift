/// A field the customer or clerk must correct, with the message key that says why.
public struct FieldError: Sendable, Equatable, Codable {
    public var field: String
    public var messageKey: String
    public init(field: String, messageKey: String) {
        self.field = field
        self.messageKey = messageKey
    }
}

extension FieldError {
    /// Every change the customer confirms asks for the 確認用パスワード first.
    static let confirmationPasswordRequired = FieldError(field: "confirmation_password",
                                                         messageKey: "error.confirmation_password.required")
}
