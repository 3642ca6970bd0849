import BankCore
import Foundation

/// Settings the use cases read (from KYOEI_* configuration).
public struct BankSettings: Sendable {
    public var bankName: String
    public var bankCode: String
    public var lockout: LockoutPolicy
    public var sessions: SessionPolicy
    public var mailFrom: MailIdentity = .default
    /// Where customers reach the bank (links in mails, the token app's server).
    public var publicURL: String
    /// The phone token app's own origin (KYOEI_TOKEN_APP_URL): the issuance mail's download URL
    /// and the one origin allowed to call the provisioning API from a browser.
    public var tokenAppURL: String = "http://127.0.0.1:8081"
    public var otp: OTPSettings
    /// Keys for secrets at rest (token seeds) and keyed hashes (activation and mail
    /// passwords), from KYOEI_SECRET_KEYS. Nil only in tools that touch no secret: a use
    /// case that needs one refuses with `BankError.secretKeysMissing`.
    public var secretKeys: SecretKeyRing?
    public var transfers: TransferSettings = TransferSettings()
    /// Staff passwords, codes and sessions in the back office.
    public var staff: StaffPolicy = StaffPolicy()
    /// KYOEI_MAJOR_BANKS: the banks the 金融機関の検索 screen offers first, in this order (this
    /// bank always comes first). Codes not in the bank/branch master are skipped.
    public var majorBankCodes: [String] = BankSettings.defaultMajorBankCodes
    /// KYOEI_LOGIN_NOTICE_MIN_INTERVAL_SECONDS: at most one ログインのお知らせ per customer in this time.
    public var loginNoticeMinInterval: TimeInterval = 60
    /// The 全銀 総合振込 export (Interbank/ZenginSettings).
    public var zengin = ZenginSettings()

    public init(bankName: String = "協栄信用組合", bankCode: String = "2999",
                lockout: LockoutPolicy = LockoutPolicy(), sessions: SessionPolicy = SessionPolicy(),
                mailFrom: MailIdentity = .default, publicURL: String = "http://127.0.0.1:8080",
                otp: OTPSettings = OTPSettings(), secretKeys: SecretKeyRing? = nil) {
        self.bankName = bankName
        self.bankCode = bankCode
        self.lockout = lockout
        self.sessions = sessions
        self.mailFrom = mailFrom
        self.publicURL = publicURL
        self.otp = otp
        self.secretKeys = secretKeys
    }
}

extension BankSettings {
    /// みずほ, 三菱UFJ, 三井住友, りそな, 埼玉りそな and ゆうちょ: the banks Japanese net banks
    /// list first, as most transfers go to them.
    public static let defaultMajorBankCodes = ["0001", "0005", "0009", "0010", "0017", "9900"]

    /// This bank's code as the rules take it (KYOEI_BANK_CODE, checked when the settings are read).
    public var code: BankCode { BankCode(unchecked: bankCode) }

    /// The phone token app's page, `<KYOEI_TOKEN_APP_URL>/`: the link on /token-app and, with
    /// the ids in its query, in the issuance mail.
    public var tokenAppHome: String {
        var base = tokenAppURL
        while base.hasSuffix("/") { base.removeLast() }
        return base + "/"
    }
}
