import BankCore
import BankStore
import Logging

/// A feature's use cases over the shared context. Every service is a small struct holding the
/// context; the accessors below let its methods read `database`, `clock`, `settings`... directly,
/// and the helpers several features need (credential attempts, mail composition) are written
/// once as `extension BankUseCase` in `Shared/`.
public protocol BankUseCase: Sendable {
    var context: BankContext { get }
}

extension BankUseCase {
    public var database: any BankDatabase { context.database }
    public var clock: any BankClock { context.clock }
    public var random: any RandomSource { context.random }
    public var hasher: any PasswordHashing { context.hasher }
    public var settings: BankSettings { context.settings }
    public var logger: Logger { context.logger }
    public var mailNotifier: MailNotifier { context.mailNotifier }
    public var sessionTouches: SessionTouches { context.sessionTouches }
}
