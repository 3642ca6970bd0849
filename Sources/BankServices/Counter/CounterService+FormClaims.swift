import BankCore
import BankStore
import Foundation
import SQLKit

extension CounterService {
    /// The claim for a submitted token; a missing or garbled one is the form's error. Only a
    /// member of staff at the web's forms has one.
    func formClaim(_ token: String, by actor: BankActor, purpose: StaffFormPurpose) throws -> StaffFormClaim {
        guard case .staff(let staff) = actor else { throw BankError.staff(.forbidden) }
        guard Self.isFormToken(token) else { throw Self.badFormToken }
        return StaffFormClaim(tokenHash: Self.sha256Hex(token), staffRowID: staff.id, purpose: purpose)
    }

    /// The id the first submission of this form created, or nil when the token is unspent.
    /// A token spent on another kind of form is refused like a garbled one; another member of
    /// staff's token is not found here, so it is refused when its claim fails.
    func firstResult(_ db: any SQLDatabase, of claim: StaffFormClaim) async throws -> Int64? {
        guard let spent = try await StaffFormTokenRecords.find(db, tokenHash: claim.tokenHash, staffRowID: claim.staffRowID)
        else { return nil }
        guard spent.purpose == claim.purpose, let id = spent.resultID else { throw Self.badFormToken }
        return id
    }

    /// What the first submission made, looked up before this one tries: nil when the token is
    /// unspent.
    func replayBeforeClaim<T: Sendable>(_ claim: StaffFormClaim,
                                        _ made: @escaping @Sendable (any SQLDatabase, Int64) async throws -> T) async throws -> T? {
        try await database.read { db in
            guard let id = try await firstResult(db, of: claim) else { return nil }
            return try await made(db, id)
        }
    }

    /// What the first submission made, after this one's claim failed: looked up in a write
    /// transaction, which sees the first submission's work as soon as it is done (SQLite
    /// commits writers in groups; the reading connection would see it only after the group's
    /// COMMIT) and answers only once it is committed. A token that is not this member of
    /// staff's, or not this form's, is refused.
    func replayAfterFailedClaim<T: Sendable>(_ claim: StaffFormClaim,
                                             _ made: @escaping @Sendable (any SQLDatabase, Int64) async throws -> T) async throws -> T {
        try await database.transaction { db in
            guard let id = try await firstResult(db, of: claim) else { throw Self.badFormToken }
            return try await made(db, id)
        }
    }

    /// The account a first submission opened; one of another customer's form is refused.
    static func accountOpenedBefore(_ db: any SQLDatabase, _ id: Int64, customerID: Int64) async throws -> AccountRecord {
        guard let account = try await AccountRecords.find(db, id: id), account.customerID == customerID else {
            throw badFormToken
        }
        return account
    }

    /// The customer a first submission created, with the accounts opened with them; never
    /// the passwords, which exist only as hashes.
    static func customerOpenedBefore(_ db: any SQLDatabase, _ id: Int64) async throws -> CounterCustomerOpened {
        guard let customer = try await CustomerRecords.find(db, id: id) else { throw badFormToken }
        let accounts = try await AccountRecords.forCustomer(db, customerID: id).filter { $0.openedAt == customer.createdAt }
        return CounterCustomerOpened(customer: CustomerSummary(customer, accounts: accounts, locks: []),
                                     accounts: accounts.map(AccountView.init),
                                     loginPassword: nil, confirmationPassword: nil)
    }

    static let badFormToken = BankError.invalidInput([FieldError(field: "form_token", messageKey: "error.counter.form_token_resend")])
}
