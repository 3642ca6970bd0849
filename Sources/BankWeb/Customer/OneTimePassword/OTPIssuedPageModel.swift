/// トークン発行結果確認画面.
struct OTPIssuedPageModel {
    let issuedMessage: String
    let issuedNext: String
}
