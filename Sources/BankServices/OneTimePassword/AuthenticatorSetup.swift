/// What an authenticator app needs, shown once on トークン発行結果確認画面.
public struct AuthenticatorSetup: Sendable, Equatable {
    /// The token's ユーザID: the account name the app shows beside the bank's.
    public var userID: String
    public var issuer: String
    /// The secret in Base32 (no padding), for typing it in by hand.
    public var secretBase32: String
    /// `otpauth://totp/<issuer>:<userID>?secret=…&issuer=…&algorithm=SHA1&digits=6&period=60`, for the QR code.
    public var otpauthURI: String
    public var digits: Int
    public var period: Int
}
