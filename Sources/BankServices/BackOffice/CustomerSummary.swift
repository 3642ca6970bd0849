import BankCore
import BankStore
import Foundation
import SQLKit

/// A customer as the back office lists them: personal data and accounts, never a password hash.
public struct CustomerSummary: Sendable, Equatable {
    public var id: Int64
    public var loginID: String
    public var nameKanji: String
    public var nameKana: String
    public var pcEmail: String
    public var mobileEmail: String?
    public var status: CustomerStatus
    public var createdAt: Date
    public var lastLoginAt: Date?
    public var previousLoginAt: Date?
    /// The customer's accounts with their balances.
    public var accounts: [AccountView]
    /// Every locked credential, in `Credential.allCases` order: 状態 shows them beside 利用中,
    /// for a customer who cannot log in or pay is not simply "active".
    public var locks: [Credential]

    init(_ customer: CustomerRecord, accounts: [AccountRecord], locks: [Credential]) {
        id = customer.id; loginID = customer.loginID; nameKanji = customer.nameKanji; nameKana = customer.nameKana
        pcEmail = customer.pcEmail; mobileEmail = customer.mobileEmail; status = customer.status
        createdAt = customer.createdAt; lastLoginAt = customer.lastLoginAt; previousLoginAt = customer.previousLoginAt
        self.accounts = accounts.map(AccountView.init)
        self.locks = locks
    }
}

extension CustomerSummary {
    /// One customer as the back office shows them, with accounts and locks.
    static func load(_ db: any SQLDatabase, _ customer: CustomerRecord) async throws -> CustomerSummary {
        CustomerSummary(customer, accounts: try await AccountRecords.forCustomer(db, customerID: customer.id),
                        locks: try await CustomerRecords.lockedCredentials(db, of: [customer.id])[customer.id] ?? [])
    }

    /// Many customers in three queries, however long the list: customers, their accounts, their locks.
    static func load(_ db: any SQLDatabase, _ customers: [CustomerRecord]) async throws -> [CustomerSummary] {
        let ids = customers.map(\.id)
        let accounts = try await CustomerRecords.accounts(db, of: ids)
        let locks = try await CustomerRecords.lockedCredentials(db, of: ids)
        return customers.map { CustomerSummary($0, accounts: accounts[$0.id] ?? [], locks: locks[$0.id] ?? []) }
    }
}
