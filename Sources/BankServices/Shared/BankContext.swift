import BankCore
import BankStore
import Logging

/// What every use case works with: the store, the clock, randomness, password hashing, the
/// settings, the log, the mail worker's wake-up and the batched record of page views. One value shared by every service, so a
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
    /// Records page views in sessions, batched (one per process).
    public let sessionTouches: SessionTouches

    public init(database: any BankDatabase, clock: any BankClock, random: any RandomSource, hasher: any PasswordHashing,
                settings: BankSettings, logger: Logger, mailNotifier: MailNotifier? = nil) {
        self.database = database
        self.clock = clock
        self.random = random
        self.hasher = hasher
        self.settings = settings
        self.logger = logger
        self.mailNotifier = mailNotifier ?? MailNotifier(database: database)
        self.sessionTouches = SessionTouches(database: database)
    }
}
