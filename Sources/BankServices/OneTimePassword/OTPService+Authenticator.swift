import BankCore
import BankStore
import Foundation
import SQLKit

/// A token for the customer's own authenticator app (FreeOTP, Aegis …): there is no app to
/// set up with a 利用開始パスワード, so the bank makes the secret at トークン発行 and shows it
/// once, as a QR code and as text, on トークン発行結果確認画面.
extension OTPService {
    /// What an authenticator token stores instead of the keyed hash of a 利用開始パスワード:
    /// not a keyed hash, so nothing typed into the token app's 初期設定 ever matches it.
    static let noActivationPassword = "none:authenticator"

    /// In トークン発行's transaction: the new token's secret, sealed, and the token provisioned
    /// at once; the issuing session may see the secret once (`takeAuthenticatorSetup`).
    func provisionForAuthenticator(_ db: any SQLDatabase, tokenID: Int64, userID: String, customer: CustomerRecord,
                                   keys: SecretKeyRing, sessionCookie: String?, client: ClientInfo, at now: Date) async throws {
        let secret = TOTP.generateSecret(random: random)
        let sealed = try keys.seal(secret, associatedData: Self.tokenSecretContext(tokenID))
        guard try await OTPTokenRecords.markProvisioned(db, id: tokenID, secretSealed: sealed, at: now,
                                                        handoverTo: sessionCookie.map(Self.sha256Hex)) else {
            throw BankError.factor(.noTokenIssued)
        }
        try await AuditRecords.write(db, .otpTokenProvision, .success, by: .customer, customerID: customer.id,
            loginID: customer.loginID, client: client, factors: FactorRecord(inForce: [], presented: [.confirmationPassword]),
            detail: [.field(.userID, userID), .field(.keyID, keys.currentKeyID), .field(.kind, OTPTokenKind.authenticator.rawValue)],
            at: now)
    }

    /// The secret of the authenticator token just issued in this session, once: the first call
    /// takes it (a reload, a second tab or another server process then gets nil). Nil too when
    /// the token is no longer waiting for 利用開始.
    public func takeAuthenticatorSetup(by actor: BankActor, sessionCookie: String) async throws -> AuthenticatorSetup? {
        let customerID = try actor.requireCustomer()
        let keys = try requireSecretKeys()
        let taken = try await database.transaction { db in
            try await OTPTokenRecords.takeSecretHandover(db, customerID: customerID, sessionHash: Self.sha256Hex(sessionCookie))
        }
        guard let token = taken, let sealed = token.secretSealed else { return nil }
        let secret = try keys.open(sealed, associatedData: Self.tokenSecretContext(token.id))
        let parameters = settings.otp.parameters
        return AuthenticatorSetup(
            userID: token.userID, issuer: settings.bankName, secretBase32: Base32.encode(secret),
            otpauthURI: TOTP.provisioningURI(secret: secret, issuer: settings.bankName, account: token.userID, parameters: parameters),
            digits: parameters.digits, period: parameters.step)
    }
}
