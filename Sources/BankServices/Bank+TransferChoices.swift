import BankCore
import BankStore
import Foundation
import SQLKit

/// What the 振込・振替 screen offers: the accounts money may leave and every destination.
public struct TransferChoices: Sendable, Equatable {
    /// The customer's accounts: 支払口座, and the destinations of a 振替.
    public var accounts: [AccountRecord]
    public var payees: PayeeLists
    /// The メール通知パスワード is on: choosing a 利用者登録 payee or 他口座 mails one.
    public var mailPasswordOn: Bool
    public var mailPasswordLocked: Bool
    public var dailyLimit: Yen
    public var remainingToday: Yen
}

extension Bank {
    public func transferChoices(customerID: Int64) async throws -> TransferChoices {
        let payees = try await payees(customerID: customerID)
        let (limit, remaining) = try await dailyLimitStatus(customerID: customerID)
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
