import BankCore
import BankStore
import Foundation
import SQLKit

extension TransferService {
    /// The 振込・振替 screen: source accounts, every payee, the mail password and the limit.
    public func choices(customerID: Int64) async throws -> TransferChoices {
        let payees = try await bank.payees.list(customerID: customerID)
        let status = try await bank.transferLimits.status(customerID: customerID)
        let (limit, remaining) = (status.limit, status.remainingToday)
        return try await database.read { db in
            TransferChoices(
                accounts: try await AccountRecords.forCustomer(db, customerID: customerID),
                payees: payees,
                mailPasswordOn: try await MailPasswordSettingRecords.find(db, customerID: customerID) != nil,
                mailPasswordLocked: try await CredentialRecords.state(db, customerID: customerID, credential: .mailPassword).isLocked,
                dailyLimit: limit, remainingToday: remaining)
        }
    }

    /// The customer's own account, for the steps that carry a 支払口座 forward.
    public func ownAccount(customerID: Int64, accountID: Int64) async throws -> AccountRecord {
        guard let account = try await database.read({ db in try await AccountRecords.find(db, id: accountID) }),
              account.customerID == customerID else { throw BankError.notYourAccount }
        return account
    }
}
