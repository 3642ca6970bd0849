/// Why the values typed at the 初期設定画面 were refused before anything was sent.
///
/// Checked locally so that an obvious typo does not cost one of the customer's limited
/// activation-password attempts at the bank.
public enum TokenInputError: BilingualError, Equatable, Sendable {
    case serviceIDMissing
    case serviceIDInvalid
    case userIDInvalid
    case activationPasswordInvalid

    public var message: String {
        switch self {
        case .serviceIDMissing: "サービスIDを入力してください。"
        case .serviceIDInvalid: "サービスIDは64文字以内の英数字と記号で入力してください。"
        case .userIDInvalid: "ユーザIDは10桁の数字で入力してください（トークン発行のお知らせメールに記載）。"
        case .activationPasswordInvalid: "利用開始パスワードは4～8桁の数字で入力してください。"
        }
    }

    public var messageEN: String {
        switch self {
        case .serviceIDMissing: "Enter the service ID."
        case .serviceIDInvalid: "The service ID must be at most 64 letters, digits or symbols."
        case .userIDInvalid: "The user ID must be 10 digits (see the token issuance mail)."
        case .activationPasswordInvalid: "The activation password must be 4 to 8 digits."
        }
    }
}
