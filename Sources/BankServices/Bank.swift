import BankCore
import BankStore
import Crypto
import Foundation
import Logging

/// Settings the use cases read (from KYOEI_* configuration).
public struct BankSettings: Sendable {
    public var bankName: String
    public var bankCode: String
    public var lockout: LockoutPolicy
    public var sessions: SessionPolicy
    public var mailFrom: MailIdentity = .default
    /// Where customers reach the bank (links in mails, the token app's server).
    public var publicURL: String
    public var otp: OTPSettings
    /// Keys for secrets at rest (token seeds) and keyed hashes (activation and mail
    /// passwords), from KYOEI_SECRET_KEYS. Nil only in tools that touch no secret: a use
    /// case that needs one refuses with `BankError.secretKeysMissing`.
    public var secretKeys: SecretKeyRing?
    public var transfers: TransferSettings = TransferSettings()
    /// Staff passwords, codes and sessions in the back office.
    public var staff: StaffPolicy = StaffPolicy()

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

/// 振込・振替 settings: the fee table and the default daily limit.
public struct TransferSettings: Sendable, Equatable {
    /// KYOEI_TRANSFER_FEES.
    public var fees: FeeTable
    /// KYOEI_TRANSFER_DAILY_LIMIT: the 振込限度額 of a customer the bank set none for.
    public var dailyLimit: Yen

    /// Typed accounts in this bank whose holder name one customer may look up per hour
    /// (KYOEI_TRANSFER_NAME_LOOKUPS_PER_HOUR): enough for anyone paying people, too few to
    /// harvest the names of the bank's customers.
    public var nameLookupsPerHour: Int

    public init(fees: FeeTable = .standard, dailyLimit: Yen = TransferLimit.defaultLimit, nameLookupsPerHour: Int = 30) {
        self.fees = fees
        self.dailyLimit = dailyLimit
        self.nameLookupsPerHour = nameLookupsPerHour
    }
}

/// The one-time password service's settings.
public struct OTPSettings: Sendable, Equatable {
    /// The サービスID the token app asks for (KYOEI_OTP_SERVICE_ID).
    public var serviceID: String
    /// How long an issued token may wait for the app's set-up (KYOEI_OTP_SETUP_DAYS, default 7).
    public var setupPeriod: TimeInterval
    public var parameters: TOTPParameters
    /// Steps either side of the current one accepted for clock drift.
    public var window: Int

    public init(serviceID: String = "KYOEI-IB", setupPeriod: TimeInterval = 7 * 86_400,
                parameters: TOTPParameters = .bank, window: Int = 1) {
        self.serviceID = serviceID
        self.setupPeriod = setupPeriod
        self.parameters = parameters
        self.window = window
    }
}

/// Where a request came from, for the audit trail.
public struct ClientInfo: Sendable, Equatable {
    public var ip: String
    public var userAgent: String
    public init(ip: String, userAgent: String) {
        self.ip = ip
        self.userAgent = userAgent
    }
    public static let commandLine = ClientInfo(ip: "", userAgent: "kyoei-cli")
}

/// The bank's use cases. Each one runs its store writes and its audit row in one
/// database transaction. Clock, randomness and hashing are passed in so tests control them.
public struct Bank: Sendable {
    public let database: any BankDatabase
    public let clock: any BankClock
    public let random: any RandomSource
    public let hasher: any PasswordHashing
    public let settings: BankSettings
    public let logger: Logger
    /// Tells the mail worker (when one runs in this process) that mail was committed.
    public let mailNotifier = MailNotifier()

    public init(database: any BankDatabase, clock: any BankClock = SystemClock(), random: any RandomSource = SystemRandomSource(),
                hasher: any PasswordHashing = Argon2idHasher(), settings: BankSettings = BankSettings(),
                logger: Logger = Logger(label: "kyoei.bank")) {
        self.database = database
        self.clock = clock
        self.random = random
        self.hasher = hasher
        self.settings = settings
        self.logger = logger
    }

    static func sha256Hex(_ text: String) -> String {
        Hex.encode(SHA256.hash(data: Array(text.utf8)))
    }
}

/// A field the customer or clerk must correct, with the message key that says why.
public struct FieldError: Sendable, Equatable, Codable {
    public var field: String
    public var messageKey: String
    public init(field: String, messageKey: String) {
        self.field = field
        self.messageKey = messageKey
    }
}

public enum BankError: Error, Equatable, Sendable {
    case invalidInput([FieldError])
    case customerNotFound
    case accountNotFound
    case branchNotFound
    case duplicateLoginID
    case insufficientFunds
    case notYourAccount
    case mailNotRetryable
    case secretKeysMissing
    case factor(ExtraFactorRefusal)
    case wrongConfirmationPassword
    case credentialLocked(Credential)
    case wrongOTP
    /// The code was right but already used (by this or another request): wait for the next
    /// one. Not a wrong code: nothing is counted.
    case otpAlreadyUsed
    /// Every place to check this credential was held by checks in flight for longer than the
    /// wait allows: nothing was checked or counted; the customer may simply try again.
    case tryAgainLater
    case payeeNotFound
    case duplicatePayee
    case transferRefused(TransferRefusal)
    case mailPasswordRefused(MailPasswordRefusal)
    /// The 確認画面 is unknown, from another session or too old: start the transfer again.
    case confirmationExpired
    case transferNotFound
    /// The transfer is not in a status that allows this (its status now).
    case transferStatus(String)
    case directoryImport(BankDirectoryCSVError)
    /// Too many typed accounts of this bank looked up in the last hour.
    case tooManyNameLookups
    /// The back office refused a member of staff (login, code, role).
    case staff(StaffRefusal)
    /// Maker-checker: a request that cannot be made or decided as asked.
    case accessRequest(AccessRequestRefusal)

    public var messageKey: String {
        switch self {
        case .invalidInput(let errors): errors.first?.messageKey ?? "error.invalid_input"
        case .customerNotFound: "error.customer_not_found"
        case .accountNotFound: "error.account_not_found"
        case .branchNotFound: "error.branch_not_found"
        case .duplicateLoginID: "error.login_id.taken"
        case .insufficientFunds: "error.insufficient_funds"
        case .notYourAccount: "error.account_not_found"
        case .mailNotRetryable: "error.mail.not_retryable"
        case .secretKeysMissing: "error.secret_keys_missing"
        case .factor(let refusal): refusal.messageKey
        case .wrongConfirmationPassword: "error.confirmation_password.wrong"
        case .credentialLocked(let credential): "error.locked.\(credential.rawValue)"
        case .wrongOTP: "error.otp.wrong"
        case .otpAlreadyUsed: "error.otp.already_used"
        case .tryAgainLater: "error.try_again_later"
        case .payeeNotFound: "error.payee.not_found"
        case .duplicatePayee: "error.payee.duplicate"
        case .transferRefused(let refusal): refusal.messageKey
        case .mailPasswordRefused(let refusal): refusal.messageKey
        case .confirmationExpired: "error.transfer.confirmation_expired"
        case .transferNotFound: "error.transfer.not_found"
        case .transferStatus: "error.transfer.status"
        case .directoryImport(let error): error.messageKey
        case .tooManyNameLookups: "error.transfer.too_many_lookups"
        case .staff(let refusal): refusal.messageKey
        case .accessRequest(let refusal): refusal.messageKey
        }
    }
}
