import BankServices
import BankText

/// What the page shows of an `AuthenticatorSetup`: the QR code as SVG, the secret in groups of
/// four for typing, and the settings an app asks for when the secret is typed in.
struct AuthenticatorSetupView: Sendable {
    let qrCodeSVG: String
    let secretGroups: String
    let issuer: String
    let userID: String
    let parameters: String
    let stepAdd: String
    let stepActivate: String

    init(_ setup: AuthenticatorSetup, _ lang: Language) {
        qrCodeSVG = QRCodeSVG.svg(for: setup.otpauthURI, label: lang.text("otp_issued.qr_label", setup.userID))
        secretGroups = Self.groupsOfFour(setup.secretBase32)
        issuer = setup.issuer
        userID = setup.userID
        parameters = lang.text("otp_issued.parameters_value", String(setup.period), String(setup.digits))
        stepAdd = lang.text("otp_issued.step_add", String(setup.period), String(setup.digits))
        stepActivate = lang.text("otp_issued.step_activate", setup.issuer, setup.userID)
    }

    /// `ABCDEFGH…` as `ABCD EFGH …`: easier to read out and to check (apps ignore the spaces).
    static func groupsOfFour(_ text: String) -> String {
        var groups: [Substring] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            groups.append(rest.prefix(4))
            rest = rest.dropFirst(4)
        }
        return groups.joined(separator: " ")
    }
}
