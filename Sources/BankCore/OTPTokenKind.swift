/// What shows a token's codes: the bank's token app (set up with the 利用開始パスワード), or an
/// authenticator app the customer already has (set up from a QR code the bank shows once).
public enum OTPTokenKind: String, Sendable, Codable, CaseIterable {
    case app
    case authenticator
}
