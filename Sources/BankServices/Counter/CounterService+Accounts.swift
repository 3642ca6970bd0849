import BankCore
import BankStore
import Foundation
import SQLKit

extension CounterService {
    /// 口座開設 for the customer with this ログインID (`kyoei admin account open`).
    public func openAccount(loginID: String, branch rawBranch: String, type: AccountType, by actor: BankActor,
                            client: ClientInfo = .commandLine) async throws -> AccountView {
        try await requireCounterWorker(actor, event: .accountOpened, customerID: nil, client: client)
        let branch: BranchCode
        do { branch = try BranchCode(validating: rawBranch) } catch {
            throw BankError.invalidInput([FieldError(field: "branch", messageKey: "error.branch_code.invalid")])
        }
        let now = clock.now()
        return AccountView(try await database.transaction { db in
            let customer = try await customer(db, loginID: loginID)
            return try await openAccount(db, customer: customer, branch: branch, type: type, by: actor, client: client, at: now)
        })
    }

    /// 口座開設 for an existing customer. The form's one-time token is claimed in the
    /// transaction that opens the account: a second submission opens nothing and gets the
    /// account the first one opened.
    public func openAccount(customerID: Int64, branch: String, type rawType: String, formToken: String,
                            by actor: BankActor, client: ClientInfo) async throws -> AccountView {
        try await requireCounterWorker(actor, event: .accountOpened, customerID: customerID, client: client)
        let claim = try formClaim(formToken, by: actor, purpose: .accountOpen)
        let openedBefore: @Sendable (any SQLDatabase, Int64) async throws -> AccountRecord = { db, id in
            try await Self.accountOpenedBefore(db, id, customerID: customerID)
        }
        if let first = try await replayBeforeClaim(claim, openedBefore) { return AccountView(first) }
        let customer = try await customerRecord(id: customerID)
        var errors: [FieldError] = []
        let code = try? BranchCode(validating: branch)
        if code == nil { errors.append(FieldError(field: "branch", messageKey: "error.branch_code.invalid")) }
        let type = AccountType(input: rawType)
        if type == nil { errors.append(FieldError(field: "account_type", messageKey: "error.account_type.invalid")) }
        guard errors.isEmpty, let code, let type else { throw BankError.invalidInput(errors) }
        let now = clock.now()
        do {
            return AccountView(try await database.transaction { db in
                try await claim.take(db, at: now)
                let account = try await openAccount(db, customer: customer, branch: code, type: type, by: actor,
                                                    client: client, at: now)
                try await claim.record(db, result: account.id)
                return account
            })
        } catch BankError.branchNotFound {
            throw BankError.invalidInput([FieldError(field: "branch", messageKey: "error.branch_not_found")])
        } catch is StaffFormTokenSpent {
            return AccountView(try await replayAfterFailedClaim(claim, openedBefore))
        }
    }

    func openAccount(_ db: any SQLDatabase, customer: CustomerRecord, branch: BranchCode, type: AccountType, by actor: BankActor,
                     client: ClientInfo, at now: Date) async throws -> AccountRecord {
        guard try await AccountRecords.findBranch(db, code: branch.value) != nil else { throw BankError.branchNotFound }
        let account = try await AccountRecords.open(db, customerID: customer.id, branch: branch, type: type,
                                                    holderName: KanaName(stored: customer.nameKana), at: now)
        try await AuditRecords.write(db, .accountOpened, .success, by: AuditActor(actor), customerID: customer.id,
                                     loginID: customer.loginID, client: client,
                                     detail: [.word("\(account.branchCode)-\(account.accountType.rawValue)-\(account.accountNumber)")],
                                     at: now)
        return account
    }
}
