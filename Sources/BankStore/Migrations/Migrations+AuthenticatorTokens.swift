extension Migrations {
    /// Tokens for a standard authenticator app. `kind` says what shows the codes (`app`: the
    /// bank's token app; `authenticator`: an app the customer has, set up from a QR code).
    /// `secret_handover` is the session hash that may see such a token's secret once, on
    /// トークン発行結果確認画面; taking it clears it, so a reload or another look shows nothing.
    static let authenticatorTokens = Migration(version: 9, name: "authenticator_tokens", statements: [
        "ALTER TABLE otp_tokens ADD COLUMN kind TEXT NOT NULL DEFAULT 'app'",
        "ALTER TABLE otp_tokens ADD COLUMN secret_handover TEXT",
    ])
}
