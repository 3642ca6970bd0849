import BankCore
import BankStore
import Foundation
import SQLKit

extension BackOfficeService {
    /// 顧客詳細, audited as a `staff_view` of that customer.
    public func customerDetail(customerID: Int64, by actor: BankActor, client: ClientInfo? = nil) async throws -> CustomerDetail {
        try actor.requireStaff(StaffRole.readers)
        let now = clock.now()
        let payees = try await bank.payees.list(customerID: customerID)
        return try await database.transaction { db in
            let customer = try await customer(db, id: customerID)
            let (state, token) = try await extraFactorState(db, customerID: customerID, at: now)
            let credentials = try await CredentialRecords.all(db, customerID: customerID)
            let factors = FactorOverview(
                state: state, token: token, mailPassword: try await MailPasswordSettingRecords.find(db, customerID: customerID),
                otpLocked: credentials.first { $0.credential == .otp }?.isLocked ?? false)
            let detail = CustomerDetail(
                customer: CustomerSummary(customer, accounts: try await AccountRecords.forCustomer(db, customerID: customerID),
                                          locks: credentials.filter(\.isLocked).map(\.credential)),
                factors: factors, tokens: try await OTPTokenRecords.history(db, customerID: customerID).map(OTPTokenView.init),
                credentials: credentials.map(CredentialStateView.init),
                dailyLimit: try await dailyLimitStatus(db, customerID: customerID, at: now),
                recentLogins: try await AuditRecords.search(
                    db, AuditQuery(customerID: customerID, events: CustomerDetail.loginEvents), limit: CustomerDetail.recentCount)
                    .map(AuditEventView.init),
                recentTransfers: try await TransferRecords.list(db, customerID: customerID, limit: CustomerDetail.recentCount)
                    .map(TransferView.init),
                payees: payees, compensationNow: CompensationAssessment.assess(state: state))
            try await auditStaffView(db, actor, client: client, customerID: customer.id, loginID: customer.loginID,
                                     detail: [.code(.customerDetail)], at: now)
            return detail
        }
    }
}
