import BankCore
import BankStore
import Foundation
import SQLKit

/// 顧客詳細: everything the counter needs to answer a customer on the phone.
public struct CustomerDetail: Sendable, Equatable {
    /// Personal data, registered mail addresses, accounts and balances.
    public var customer: CustomerSummary
    /// The extra factor now: none / OTP issued / OTP active / mail password on, with its token
    /// (issued, set up, activated dates) or the mail password's address and since when.
    public var factors: FactorOverview
    /// Every token the customer ever had, newest first (never the secret).
    public var tokens: [OTPTokenView]
    /// Every credential with its failure counter and lock.
    public var credentials: [CredentialStateView]
    public var dailyLimit: DailyLimitStatus
    /// Recent login attempts (`login`, `login_password`, `login_otp`), newest first, with
    /// the factors in force and presented.
    public var recentLogins: [AuditEventView]
    /// Recent transfers, newest first.
    public var recentTransfers: [TransferView]
    /// 利用者登録 and 届出済み振込先.
    public var payees: PayeeLists
    /// The notice's rule as it would apply today.
    public var compensationNow: CompensationAssessment

    public var accounts: [AccountView] { customer.accounts }

    public static let recentCount = 20
    /// The audit events of a login attempt (Login/LoginService.swift, Login/LoginService+OTP.swift).
    public static let loginEvents = AuditEventName.customerLogins.map(\.rawValue)
}
