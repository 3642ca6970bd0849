import BankCore
import BankStore
import Foundation
import SQLKit

/// What the counter clerk types to open a customer (kyoei admin customer create).
public struct CustomerApplication: Sendable {
    public var loginID: String
    public var nameKanji: String
    public var nameKana: String
    public var pcEmail: String
    public var mobileEmail: String?
    public var loginPassword: String
    public var confirmationPassword: String

    public init(loginID: String, nameKanji: String, nameKana: String, pcEmail: String, mobileEmail: String?,
                loginPassword: String, confirmationPassword: String) {
        self.loginID = loginID; self.nameKanji = nameKanji; self.nameKana = nameKana; self.pcEmail = pcEmail
        self.mobileEmail = mobileEmail; self.loginPassword = loginPassword; self.confirmationPassword = confirmationPassword
    }
}

public enum CounterDirection: String, Sendable, Codable {
    case deposit, withdrawal
}

extension Bank {
    /// Opens a customer after checking every field; collects all field errors at once. With
    /// `firstAccount`, the customer's first account is opened in the same transaction, so a
    /// customer is never left half-opened.
    public func createCustomer(_ application: CustomerApplication, staff: String, firstAccount: FirstAccount? = nil,
                               client: ClientInfo = .commandLine) async throws -> CustomerRecord {
        try await createCustomer(application, staff: staff, firstAccount: firstAccount, client: client, claim: nil)
    }

    /// With `claim`, a web form's one-time token is claimed in the creating transaction
    /// (`StaffFormTokenSpent` when an earlier submission of the form has it).
    func createCustomer(_ application: CustomerApplication, staff: String, firstAccount: FirstAccount?,
                        client: ClientInfo, claim: StaffFormClaim?) async throws -> CustomerRecord {
        var errors: [FieldError] = []
        var loginID = ""
        do { loginID = try CredentialPolicy.validateLoginID(application.loginID) } catch {
            errors.append(FieldError(field: "login_id", messageKey: error.messageKey))
        }
        let nameKanji = application.nameKanji.trimmingCharacters(in: .whitespaces)
        if nameKanji.isEmpty || nameKanji.count > 40 || nameKanji.contains(where: { $0.isNewline }) {
            errors.append(FieldError(field: "name_kanji", messageKey: "error.name_kanji.invalid"))
        }
        var kana: KanaName?
        do { kana = try KanaName(validating: application.nameKana) } catch {
            errors.append(FieldError(field: "name_kana", messageKey: error.messageKey))
        }
        var pcEmail: MailAddress?
        do { pcEmail = try MailAddress(validating: application.pcEmail) } catch {
            errors.append(FieldError(field: "pc_email", messageKey: error.messageKey))
        }
        var mobileEmail: MailAddress?
        if let raw = application.mobileEmail, !raw.isEmpty {
            do { mobileEmail = try MailAddress(validating: raw) } catch {
                errors.append(FieldError(field: "mobile_email", messageKey: error.messageKey))
            }
        }
        do {
            try CredentialPolicy.validatePassword(application.loginPassword, loginID: loginID)
        } catch { errors.append(FieldError(field: "login_password", messageKey: error.messageKey)) }
        do throws(CredentialPolicyError) {
            try CredentialPolicy.validatePassword(application.confirmationPassword, loginID: loginID)
            if application.confirmationPassword == application.loginPassword { throw .passwordsMustDiffer }
        } catch { errors.append(FieldError(field: "confirmation_password", messageKey: error.messageKey)) }
        var firstBranch: BranchCode?
        if let firstAccount {
            do {
                firstBranch = try BranchCode(validating: firstAccount.branch)
            } catch { errors.append(FieldError(field: "branch", messageKey: "error.branch_code.invalid")) }
            if let code = firstBranch, try await database.read({ db in try await AccountRecords.findBranch(db, code: code.value) }) == nil {
                errors.append(FieldError(field: "branch", messageKey: "error.branch_not_found"))
            }
        }
        guard errors.isEmpty, let kana, let pcEmail else { throw BankError.invalidInput(errors) }

        let loginHash = try await hasher.hash(application.loginPassword)
        let confirmationHash = try await hasher.hash(application.confirmationPassword)
        let now = clock.now()
        let new = NewCustomer(loginID: loginID, nameKanji: nameKanji, nameKana: kana, pcEmail: pcEmail, mobileEmail: mobileEmail,
                              loginPasswordHash: loginHash, confirmationPasswordHash: confirmationHash)
        do {
            return try await database.transaction { db in
                try await claim?.take(db, at: now)
                let id = try await CustomerRecords.insert(db, new, at: now)
                try await db.raw("DELETE FROM unknown_login_failures WHERE login_id_hash = \(bind: Self.sha256Hex(loginID))").run()
                try await AuditRecords.append(db, AuditEvent(
                    at: now, event: "customer_created", result: .success, actor: "staff:\(staff)", customerID: id,
                    loginID: loginID, ip: client.ip, userAgent: client.userAgent))
                let customer = try await CustomerRecords.find(db, id: id)!
                if let firstAccount, let firstBranch {
                    _ = try await openAccount(db, customer: customer, branch: firstBranch, type: firstAccount.type, staff: staff,
                                              client: client, at: now)
                }
                try await claim?.record(db, result: id)
                return customer
            }
        } catch StoreError.duplicateLoginID {
            throw BankError.duplicateLoginID
        }
    }

    public func openAccount(loginID: String, branch rawBranch: String, type: AccountType, staff: String,
                            client: ClientInfo = .commandLine) async throws -> AccountRecord {
        let branch: BranchCode
        do { branch = try BranchCode(validating: rawBranch) } catch {
            throw BankError.invalidInput([FieldError(field: "branch", messageKey: "error.branch_code.invalid")])
        }
        let now = clock.now()
        return try await database.transaction { db in
            guard let customer = try await CustomerRecords.find(db, loginID: CredentialPolicy.normalizeLoginID(loginID)) else {
                throw BankError.customerNotFound
            }
            return try await openAccount(db, customer: customer, branch: branch, type: type, staff: staff, client: client, at: now)
        }
    }

    func openAccount(_ db: any SQLDatabase, customer: CustomerRecord, branch: BranchCode, type: AccountType, staff: String,
                     client: ClientInfo, at now: Date) async throws -> AccountRecord {
        guard try await AccountRecords.findBranch(db, code: branch.value) != nil else { throw BankError.branchNotFound }
        let account = try await AccountRecords.open(db, customerID: customer.id, branch: branch, type: type,
                                                    holderName: KanaName(stored: customer.nameKana), at: now)
        try await AuditRecords.append(db, AuditEvent(
            at: now, event: "account_opened", result: .success, actor: "staff:\(staff)", customerID: customer.id,
            loginID: customer.loginID, ip: client.ip, userAgent: client.userAgent,
            detail: "\(account.branchCode)-\(account.accountType.rawValue)-\(account.accountNumber)"))
        return account
    }

    /// A counter deposit or withdrawal: one ledger transaction between the customer's
    /// account and the bank's cash account. `at` lets the demo write past history. With an
    /// `idempotencyKey` (the web form's one-time token) a second posting under the same key
    /// fails on the ledger's unique index and writes nothing.
    public func postCounter(_ direction: CounterDirection, branch rawBranch: String, accountNumber rawNumber: String,
                            amount rawAmount: String, memo: String = "", staff: String, at: Date? = nil,
                            idempotencyKey: String? = nil, client: ClientInfo = .commandLine) async throws -> StatementLine {
        var errors: [FieldError] = []
        var branch: BranchCode?, number: AccountNumber?, amount: Yen?
        do { branch = try BranchCode(validating: rawBranch) } catch { errors.append(FieldError(field: "branch", messageKey: "error.branch_code.invalid")) }
        do { number = try AccountNumber(validating: rawNumber) } catch { errors.append(FieldError(field: "account", messageKey: "error.account_number.invalid")) }
        switch Yen.parseInput(rawAmount) {
        case .success(let value): amount = value
        case .failure(let error): errors.append(FieldError(field: "amount", messageKey: error.messageKey))
        }
        guard errors.isEmpty, let branch, let number, let amount else { throw BankError.invalidInput(errors) }
        let now = at ?? clock.now()
        let kind = direction == .deposit ? "counter_deposit" : "counter_withdrawal"
        do {
            return try await database.transaction { db in
                guard let account = try await AccountRecords.find(db, branch: branch.value, number: number.value),
                      account.customerID != nil else { throw BankError.accountNotFound }
                guard let cash = try await AccountRecords.internalAccount(db, code: "cash") else { throw BankError.accountNotFound }
                let signed = direction == .deposit ? amount : -amount
                let transactionID = try await LedgerRecords.post(
                    db, kind: kind, memo: String(memo.prefix(40)),
                    postings: [Posting(accountID: account.id, amount: signed), Posting(accountID: cash.id, amount: -signed)],
                    idempotencyKey: idempotencyKey, actor: "staff:\(staff)", at: now)
                try await AuditRecords.append(db, AuditEvent(
                    at: now, event: kind, result: .success, actor: "staff:\(staff)", customerID: account.customerID,
                    ip: client.ip, userAgent: client.userAgent, detail: "tx=\(transactionID) account=\(account.branchCode)-\(account.accountNumber) amount=\(amount.value)"))
                return try await LedgerRecords.entries(db, transactionID: transactionID).first(where: { $0.accountID == account.id })!
            }
        } catch StoreError.insufficientFunds {
            // The posting rolled back; the refusal itself is still recorded.
            try await database.transaction { db in
                let account = try await AccountRecords.find(db, branch: branch.value, number: number.value)
                try await AuditRecords.append(db, AuditEvent(
                    at: now, event: kind, result: .refused, actor: "staff:\(staff)", customerID: account?.customerID,
                    ip: client.ip, userAgent: client.userAgent, detail: "account=\(branch.value)-\(number.value) amount=\(amount.value) insufficient_funds"))
            }
            throw BankError.insufficientFunds
        }
    }

    /// Clears one credential's lock (or every one) for a customer, audited with the clerk
    /// (`kyoei admin unlock`; on the web an unlock is a request a 役席 approves).
    public func unlock(loginID: String, credential: Credential?, staff: String) async throws -> [Credential] {
        let now = clock.now()
        return try await database.transaction { db in
            guard let customer = try await CustomerRecords.find(db, loginID: CredentialPolicy.normalizeLoginID(loginID)) else {
                throw BankError.customerNotFound
            }
            return try await clearCredentials(db, customer: customer, credential.map { [$0] } ?? Credential.allCases,
                                              actor: "staff:\(staff)", client: .commandLine, at: now)
        }
    }

    /// Resets the failure counters of `credentials` that have any, in the caller's
    /// transaction, and audits what was cleared (`note` adds e.g. the approved request).
    func clearCredentials(_ db: any SQLDatabase, customer: CustomerRecord, _ credentials: [Credential], actor: String,
                          client: ClientInfo, note: String = "", at now: Date) async throws -> [Credential] {
        var cleared: [Credential] = []
        for item in credentials where try await CredentialRecords.state(db, customerID: customer.id, credential: item).failures > 0 {
            try await CredentialRecords.reset(db, customerID: customer.id, credential: item)
            cleared.append(item)
        }
        try await AuditRecords.append(db, AuditEvent(
            at: now, event: "unlock", result: .success, actor: actor, customerID: customer.id,
            loginID: customer.loginID, ip: client.ip, userAgent: client.userAgent,
            detail: (cleared.isEmpty ? "nothing_locked" : FactorRecord.encode(cleared)) + note))
        return cleared
    }

    public func customers() async throws -> [CustomerRecord] {
        try await database.read { db in try await CustomerRecords.list(db) }
    }

    public func customer(loginID: String) async throws -> CustomerRecord {
        guard let customer = try await database.read({ db in
            try await CustomerRecords.find(db, loginID: CredentialPolicy.normalizeLoginID(loginID))
        }) else { throw BankError.customerNotFound }
        return customer
    }

    public func credentialStates(customerID: Int64) async throws -> [CredentialState] {
        try await database.read { db in try await CredentialRecords.all(db, customerID: customerID) }
    }

    public func accounts(loginID: String?) async throws -> [AccountRecord] {
        if let loginID {
            let customer = try await customer(loginID: loginID)
            return try await balances(customerID: customer.id)
        }
        return try await database.read { db in try await AccountRecords.all(db) }
    }

    public func verifyLedger() async throws -> LedgerVerification {
        try await database.snapshot { db in try await LedgerRecords.verify(db) }
    }

    public func auditTrail(loginID: String?, limit: Int) async throws -> [AuditEvent] {
        let customerID = try await loginID.asyncMap { try await customer(loginID: $0).id }
        return try await database.read { db in try await AuditRecords.list(db, customerID: customerID, limit: limit) }
    }
}

extension Optional {
    func asyncMap<U>(_ transform: (Wrapped) async throws -> U) async rethrows -> U? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
