import BankCore
import BankStore

/// What the customer's security settings are now: the extra factor and its token.
public struct FactorOverview: Sendable, Equatable {
    public var state: ExtraFactorState
    public var token: OTPTokenView?
    public var mailPassword: MailPasswordSetting?
    public var otpLocked: Bool

    init(state: ExtraFactorState, token: OTPTokenRecord?, mailPassword: MailPasswordSetting?, otpLocked: Bool) {
        self.state = state
        self.token = token.map(OTPTokenView.init)
        self.mailPassword = mailPassword
        self.otpLocked = otpLocked
    }
}
