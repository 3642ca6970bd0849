import BankCore
import BankStore
import Logging

/// What every use case works with: the store, the clock, randomness, password hashing, the
/// settings, the log and the mail worker's wake-up. One value shared by every service, so a
/// test that fixes the clock or the randomness fixes it for all of them.
public struct BankContext: Sendable {
    public let database: any BankDatabase
    public let clock: any BankClock
    public let random: any RandomSource
    public let hasher: any PasswordHashing
    public let settings: BankSettings
    public let logger: Logger
    /// Tells the mail workers (this process's, and the other processes' on PostgreSQL) that mail was committed.
    public let mailNotifier: MailNotifier

    public init(database: any BankDatabase, clock: any BankClock, random: any RandomSource, hasher: any PasswordHashing,
                settings: BankSettings, logger: Logger, mailNotifier: MailNotifier? = nil) {
        self.database = database
        self.clock = clock
        self.random = random
        self.hasher = hasher
        self.settings = settings
        self.logger = logger
        self.mailNotifier = mailNotifier ?? MailNotifier(database: database)
    }
}
