/// The token app's page: the phone app's address (as a link and a QR code) and, for the
/// desktop client, this bank's address.
struct TokenAppPageModel {
    /// KYOEI_TOKEN_APP_URL: where the phone token app is opened.
    let tokenAppURL: String
    /// The QR code of `tokenAppURL`, an `<svg>` element (QRCodeSVG).
    let qrCodeSVG: String
    /// KYOEI_PUBLIC_URL, for `kyoei-token --server`.
    let server: String
}
