/// トークン発行結果確認画面 (authenticator app): the mail notice, and the set-up once (absent on
/// any later look, when the page says where the secret went).
struct OTPAuthenticatorIssuedPageModel {
    let mailMessage: String
    let setup: LocalOptional<AuthenticatorSetupView>
}
