import BankCore
import Foundation

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
