import BankCore
import BankStore
import Foundation
import SQLKit

extension TransferService {
    /// The 振込・振替 screen: source accounts, every payee, the mail password and the limit.
    public func choices(by actor: BankActor) async throws -> TransferChoices {
        let customerID = try actor.requireCustomer()
        let payees = try await bank.payees.list(by: actor)
        let status = try await bank.transferLimits.status(by: actor)
        let (limit, remaining) = (status.limit, status.remainingToday)
        return try await database.read { db in
            TransferChoices(
                accounts: try await AccountRecords.forCustomer(db, customerID: customerID).map(AccountView.init),
                payees: payees,
                mailPasswordOn: try await MailPasswordSettingRecords.find(db, customerID: customerID) != nil,
                mailPasswordLocked: try await CredentialRecords.state(db, customerID: customerID, credential: .mailPassword).isLocked,
                dailyLimit: limit, remainingToday: remaining)
        }
    }

    /// The customer's own account, for the steps that carry a 支払口座 forward.
    public func ownAccount(by actor: BankActor, accountID: Int64) async throws -> AccountView {
        let customerID = try actor.requireCustomer()
        guard let account = try await database.read({ db in try await AccountRecords.find(db, id: accountID) }),
              account.customerID == customerID else { throw BankError.notYourAccount }
        return AccountView(account)
    }
}
