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
    public var tokens: [OTPTokenRecord]
    /// Every credential with its failure counter and lock.
    public var credentials: [CredentialState]
    public var dailyLimit: DailyLimitStatus
    /// Recent login attempts (`login`, `login_password`, `login_otp`), newest first, with
    /// the factors in force and presented.
    public var recentLogins: [AuditEvent]
    /// Recent transfers, newest first.
    public var recentTransfers: [TransferRecord]
    /// 利用者登録 and 届出済み振込先.
    public var payees: PayeeLists
    /// The notice's rule as it would apply today.
    public var compensationNow: CompensationAssessment

    public var accounts: [AccountRecord] { customer.accounts }

    public static let recentCount = 20
    /// The audit events of a login attempt (Bank+Login.swift, Bank+OTP.swift).
    public static let loginEvents = ["login", "login_password", "login_otp"]
}

extension Bank {
    /// 顧客詳細, audited as a `staff_view` of that customer.
    public func customerDetail(customerID: Int64, by staff: StaffRecord, client: ClientInfo? = nil) async throws -> CustomerDetail {
        try requireRole(staff, allowed: StaffRole.readers)
        let now = clock.now()
        let payees = try await payees(customerID: customerID)
        return try await database.transaction { db in
            guard let customer = try await CustomerRecords.find(db, id: customerID) else { throw BankError.customerNotFound }
            let (state, token) = try await extraFactorState(db, customerID: customerID, at: now)
            let credentials = try await CredentialRecords.all(db, customerID: customerID)
            let factors = FactorOverview(
                state: state, token: token, mailPassword: try await MailPasswordSettingRecords.find(db, customerID: customerID),
                otpLocked: credentials.first { $0.credential == .otp }?.isLocked ?? false)
            let detail = CustomerDetail(
                customer: CustomerSummary(customer, accounts: try await AccountRecords.forCustomer(db, customerID: customerID),
                                          locks: credentials.filter(\.isLocked).map(\.credential)),
                factors: factors, tokens: try await OTPTokenRecords.history(db, customerID: customerID),
                credentials: credentials, dailyLimit: try await dailyLimit(db, customerID: customerID, at: now),
                recentLogins: try await AuditRecords.search(
                    db, AuditQuery(customerID: customerID, events: CustomerDetail.loginEvents), limit: CustomerDetail.recentCount),
                recentTransfers: try await TransferRecords.list(db, customerID: customerID, limit: CustomerDetail.recentCount),
                payees: payees, compensationNow: CompensationAssessment.assess(state: state))
            try await auditStaffView(db, staff, client: client, customerID: customer.id, loginID: customer.loginID,
                                     detail: "customer_detail", at: now)
            return detail
        }
    }

    /// The customer's 振込限度額 and what is left of it today (as `dailyLimitStatus`, inside a
    /// transaction that has the customer already).
    func dailyLimit(_ db: any SQLDatabase, customerID: Int64, at now: Date) async throws -> DailyLimitStatus {
        let own = try await db.raw("SELECT daily_transfer_limit FROM customers WHERE id = \(bind: customerID)").first()?
            .decode(column: "daily_transfer_limit", as: Int64?.self)
        let limit = own.map(Yen.init) ?? settings.transfers.dailyLimit
        let used = try await TransferRecords.amountOnDay(db, customerID: customerID, day: TransferLimit.day(of: now).description)
        return DailyLimitStatus(limit: limit, remainingToday: TransferLimit.remaining(limit: limit, usedToday: used),
                                isDefault: own == nil)
    }
}
