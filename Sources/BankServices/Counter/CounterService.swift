import BankCore
import BankStore
import Foundation
import SQLKit

/// 窓口業務: what the counter does for a customer (open them, their accounts, deposits and
/// withdrawals, 届出済み振込先, registered addresses, unlocks), for the web's 事務担当 and 役席
/// and for `kyoei admin` alike. Each operation checks who asks (`BankActor`) itself; 監査 only
/// reads, and a refused attempt is audited with who tried it and from where.
public struct CounterService: BankUseCase {
    public let context: BankContext

    public init(context: BankContext) {
        self.context = context
    }
}

extension CounterService {
    /// Clears one credential's lock (or every one) for a customer, audited with the clerk
    /// (`kyoei admin unlock`; on the web an unlock is a request a 役席 approves).
    public func unlock(loginID: String, credential: Credential?, by actor: BankActor) async throws -> [Credential] {
        try actor.requireStaff(StaffRole.counterWorkers)
        let now = clock.now()
        return try await database.transaction { db in
            let customer = try await customer(db, loginID: loginID)
            return try await clearCredentials(db, customer: customer, credential.map { [$0] } ?? Credential.allCases,
                                              actor: AuditActor(actor), client: .commandLine, at: now)
        }
    }

    /// Resets the failure counters of `credentials` that have any, in the caller's
    /// transaction, and audits what was cleared (`note` adds e.g. the approved request).
    func clearCredentials(_ db: any SQLDatabase, customer: CustomerRecord, _ credentials: [Credential], actor: AuditActor,
                          client: ClientInfo, note: AuditDetail = .none, at now: Date) async throws -> [Credential] {
        var cleared: [Credential] = []
        for item in credentials where try await CredentialRecords.state(db, customerID: customer.id, credential: item).failures > 0 {
            try await CredentialRecords.reset(db, customerID: customer.id, credential: item)
            cleared.append(item)
        }
        try await AuditRecords.write(db, .unlock, .success, by: actor, customerID: customer.id,
                                     loginID: customer.loginID, client: client,
                                     detail: (cleared.isEmpty ? [.code(.nothingLocked)] : [.word(FactorRecord.encode(cleared))]) + note,
                                     at: now)
        return cleared
    }

    /// Every customer (`kyoei admin customer list`), as the back office shows them: never a password hash.
    public func customers() async throws -> [CustomerSummary] {
        try await database.read { db in try await CustomerSummary.load(db, try await CustomerRecords.list(db)) }
    }

    /// The customer with this ログインID, as the back office shows them.
    public func customer(loginID: String) async throws -> CustomerSummary {
        try await database.read { db in try await CustomerSummary.load(db, try await customer(db, loginID: loginID)) }
    }

    /// The customer's stored row, for the use cases that change it or need only its id.
    func customerRecord(loginID: String) async throws -> CustomerRecord {
        try await database.read { db in try await customer(db, loginID: loginID) }
    }

    public func credentialStates(customerID: Int64) async throws -> [CredentialStateView] {
        try await database.read { db in try await CredentialRecords.all(db, customerID: customerID).map(CredentialStateView.init) }
    }

    public func accounts(loginID: String?) async throws -> [AccountView] {
        if let loginID {
            let customer = try await customerRecord(loginID: loginID)
            return try await bank.accounts.balances(customerID: customer.id)
        }
        return try await database.read { db in try await AccountRecords.all(db).map(AccountView.init) }
    }

    /// `kyoei admin payees list`: one customer's 届出済み振込先 and 利用者登録 payees.
    public func payees(loginID: String) async throws -> PayeeLists {
        try await bank.payees.list(customerID: try await customerRecord(loginID: loginID).id)
    }

    /// The customer a counter form is about, with accounts and balances; audited as a view.
    public func customer(customerID: Int64, by actor: BankActor, client: ClientInfo,
                         purpose: String) async throws -> CustomerSummary {
        try actor.requireStaff(StaffRole.counterWorkers)
        let now = clock.now()
        return try await database.transaction { db in
            let customer = try await customer(db, id: customerID)
            try await auditStaffView(db, actor, client: client, customerID: customer.id, loginID: customer.loginID,
                                     detail: [.code(.counterForm), .word(purpose)], at: now)
            return try await CustomerSummary.load(db, customer)
        }
    }

    /// The branches an account may be opened at, for the counter's choice.
    public func branches() async throws -> [BranchView] {
        try await database.read { db in try await AccountRecords.branches(db).map(BranchView.init) }
    }

    func customerRecord(id customerID: Int64) async throws -> CustomerRecord {
        try await database.read { db in try await customer(db, id: customerID) }
    }
}
