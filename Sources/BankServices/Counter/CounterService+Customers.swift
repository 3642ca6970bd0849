import BankCore
import BankStore
import Foundation
import SQLKit

extension CounterService {
    /// Opens a customer after checking every field; collects all field errors at once. With
    /// `firstAccount`, the customer's first account is opened in the same transaction, so a
    /// customer is never left half-opened.
    public func createCustomer(_ application: CustomerApplication, firstAccount: FirstAccount? = nil, by actor: BankActor,
                               client: ClientInfo = .commandLine) async throws -> CustomerSummary {
        try await requireCounterWorker(actor, event: .customerCreated, customerID: nil, client: client)
        let customer = try await createCustomer(application, firstAccount: firstAccount, by: actor, client: client, claim: nil)
        return try await database.read { db in try await CustomerSummary.load(db, customer) }
    }

    /// With `claim`, a web form's one-time token is claimed in the creating transaction
    /// (`StaffFormTokenSpent` when an earlier submission of the form has it).
    func createCustomer(_ application: CustomerApplication, firstAccount: FirstAccount?, by actor: BankActor,
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
                try await CredentialRecords.forgetUnknownFailures(db, loginIDHash: Self.sha256Hex(loginID))
                try await AuditRecords.write(db, .customerCreated, .success, by: AuditActor(actor), customerID: id,
                    loginID: loginID, client: client, at: now)
                let customer = try await CustomerRecords.find(db, id: id)!
                if let firstAccount, let firstBranch {
                    _ = try await openAccount(db, customer: customer, branch: firstBranch, type: firstAccount.type, by: actor,
                                              client: client, at: now)
                }
                try await claim?.record(db, result: id)
                return customer
            }
        } catch StoreError.duplicateLoginID {
            throw BankError.duplicateLoginID
        }
    }

    /// 顧客新規登録: both passwords generated by the bank; with a first account when a branch
    /// is chosen, in the same transaction. The form's one-time token is claimed in that
    /// transaction too: a second submission (double click, reload, replay, even at the same
    /// instant) creates nothing and gets the first customer back, without the passwords.
    public func openCustomer(_ form: CounterCustomerForm, formToken: String, by actor: BankActor,
                             client: ClientInfo) async throws -> CounterCustomerOpened {
        try await requireCounterWorker(actor, event: .customerCreated, customerID: nil, client: client)
        let claim = try formClaim(formToken, by: actor, purpose: .customerCreate)
        let createdBefore: @Sendable (any SQLDatabase, Int64) async throws -> CounterCustomerOpened = { db, id in
            try await Self.customerOpenedBefore(db, id)
        }
        if let first = try await replayBeforeClaim(claim, createdBefore) { return first }
        var first: FirstAccount?
        if !form.firstAccountBranch.isEmpty {
            // The form offers only the three types: another value is a tampered form.
            guard let type = AccountType(input: form.firstAccountType) else {
                throw BankError.invalidInput([FieldError(field: "account_type", messageKey: "error.account_type.invalid")])
            }
            first = FirstAccount(branch: form.firstAccountBranch, type: type)
        }
        let loginPassword = CredentialPolicy.generatePassword(random: random)
        var confirmationPassword = CredentialPolicy.generatePassword(random: random)
        while confirmationPassword == loginPassword { confirmationPassword = CredentialPolicy.generatePassword(random: random) }
        let application = CustomerApplication(
            loginID: form.loginID, nameKanji: form.nameKanji, nameKana: form.nameKana, pcEmail: form.pcEmail,
            mobileEmail: form.mobileEmail.trimmingCharacters(in: .whitespaces).isEmpty ? nil : form.mobileEmail,
            loginPassword: loginPassword, confirmationPassword: confirmationPassword)
        let customer: CustomerRecord
        do {
            customer = try await createCustomer(application, firstAccount: first, by: actor, client: client, claim: claim)
        } catch BankError.duplicateLoginID {
            throw BankError.invalidInput([FieldError(field: "login_id", messageKey: "error.login_id.taken")])
        } catch is StaffFormTokenSpent {
            return try await replayAfterFailedClaim(claim, createdBefore)
        }
        let accounts = try await database.read { db in try await AccountRecords.forCustomer(db, customerID: customer.id) }
        return CounterCustomerOpened(customer: CustomerSummary(customer, accounts: accounts, locks: []),
                                     accounts: accounts.map(AccountView.init),
                                     loginPassword: loginPassword,
                                     confirmationPassword: confirmationPassword)
    }
}
