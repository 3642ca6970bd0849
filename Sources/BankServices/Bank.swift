import BankCore
import BankStore
import Logging

/// The composition root: one shared context and the bank's use cases, one service per feature
/// (`bank.transfers.execute(...)`). Each use case runs its store writes and its audit row in
/// one database transaction. Clock, randomness and hashing are passed in so tests control them.
public struct Bank: BankUseCase {
    public let context: BankContext

    public init(database: any BankDatabase, clock: any BankClock = SystemClock(), random: any RandomSource = SystemRandomSource(),
                hasher: any PasswordHashing = Argon2idHasher(), settings: BankSettings = BankSettings(),
                logger: Logger = Logger(label: "kyoei.bank")) {
        context = BankContext(database: database, clock: clock, random: random, hasher: hasher, settings: settings, logger: logger)
    }

    // The customer's use cases, one service per feature.
    public var login: LoginService { LoginService(context: context) }
    public var otp: OTPService { OTPService(context: context) }
    public var tokenApp: TokenAppService { TokenAppService(context: context) }
    public var accounts: AccountService { AccountService(context: context) }
    public var payees: PayeeService { PayeeService(context: context) }
    public var transfers: TransferService { TransferService(context: context) }
    public var mailPassword: MailPasswordService { MailPasswordService(context: context) }
    public var passwords: PasswordChangeService { PasswordChangeService(context: context) }
    public var mailAddresses: MailAddressChangeService { MailAddressChangeService(context: context) }
    public var history: HistoryService { HistoryService(context: context) }
    public var idempotency: IdempotencyService { IdempotencyService(context: context) }
    public var notices: NoticeService { NoticeService(context: context) }
    public var scheduledTransfers: ScheduledTransferService { ScheduledTransferService(context: context) }
    public var health: HealthService { HealthService(context: context) }
}
