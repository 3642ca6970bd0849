import BankCore
import Foundation

/// What トークン発行結果確認画面 shows.
public struct IssuedToken: Sendable, Equatable {
    public var userID: String
    public var mobileEmail: String
    public var setupExpiresAt: Date
    public var kind: OTPTokenKind = .app
}
