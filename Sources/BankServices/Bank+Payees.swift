import BankCore
import BankStore
import Foundation
import SQLKit

/// A payee as the lists show it: with the bank and branch names from the master.
public struct PayeeView: Sendable, Equatable {
    public var record: PayeeRecord
    public var bankName: String
    public var branchName: String
}

/// 振込・振替先一覧: the customer's own list and the payees registered at the counter.
public struct PayeeLists: Sendable, Equatable {
    public var customerRegistered: [PayeeView]
    public var bankRegistered: [PayeeView]
}

/// A payee as typed (on the web form or at the counter), before any check.
public struct PayeeForm: Sendable, Equatable {
    public var bankCode: String
    public var branchCode: String
    public var accountType: String
    public var accountNumber: String
    public var holderName: String

    public init(bankCode: String, branchCode: String, accountType: String, accountNumber: String, holderName: String) {
        self.bankCode = bankCode; self.branchCode = branchCode; self.accountType = accountType
        self.accountNumber = accountNumber; self.holderName = holderName
    }

    var choice: DestinationChoice {
        .other(bankCode: bankCode, branchCode: branchCode, accountType: accountType, accountNumber: accountNumber,
               holderName: holderName)
    }
}

extension Bank {
    public func payees(customerID: Int64) async throws -> PayeeLists {
        try await database.read { db in
            func views(_ kind: PayeeKind) async throws -> [PayeeView] {
                var out: [PayeeView] = []
                for record in try await PayeeRecords.list(db, customerID: customerID, kind: kind) {
                    out.append(try await view(db, record))
                }
                return out
            }
            return PayeeLists(customerRegistered: try await views(.customer), bankRegistered: try await views(.bank))
        }
    }

    func view(_ db: any SQLDatabase, _ record: PayeeRecord) async throws -> PayeeView {
        if record.bankCode == settings.bankCode {
            let branch = try await AccountRecords.findBranch(db, code: record.branchCode)
            return PayeeView(record: record, bankName: settings.bankName, branchName: branch?.nameJa ?? record.branchCode)
        }
        let names = try await BankDirectoryRecords.find(db, bankCode: record.bankCode, branchCode: record.branchCode)
        return PayeeView(record: record, bankName: names?.bankName ?? record.bankCode, branchName: names?.branchName ?? record.branchCode)
    }

    /// 振込・振替先の登録 (利用者登録): checked like a hand-typed destination (the bank and
    /// branch must be in the master; in this bank the account must exist, and its holder
    /// name is the ledger's), then the 確認用パスワード.
    public func addPayee(customerID: Int64, _ form: PayeeForm, confirmationPassword: String, session presented: [Credential],
                         client: ClientInfo) async throws -> PayeeView {
        let destination = try await resolveDestination(customerID: customerID, form.choice)
        // A typed name that is not the holder's is refused, not silently replaced: the list
        // must show the customer a payee under the name they registered it by.
        if destination.typedHolderName != nil {
            throw BankError.invalidInput([FieldError(field: "holder_name", messageKey: "error.holder_name.not_account_holder")])
        }
        if confirmationPassword.isEmpty {
            throw BankError.invalidInput([FieldError(field: "confirmation_password", messageKey: "error.confirmation_password.required")])
        }
        let now = clock.now()
        let (customer, state) = try await customerAndFactor(customerID, at: now)
        let factors = FactorRecord(inForce: state.factorsInForce, presented: presented + [.confirmationPassword])
        try await checkConfirmationPassword(customer, password: confirmationPassword, purpose: "payee_add", client: client,
                                            factors: factors)
        let added = try await database.transaction { db in
            let payee = NewPayee(kind: .customer, bankCode: destination.bankCode, branchCode: destination.branchCode,
                                 accountType: destination.accountType, accountNumber: destination.accountNumber,
                                 holderName: destination.holderName)
            guard let record = try await PayeeRecords.insert(db, customerID: customerID, payee, createdBy: "customer", at: now) else {
                throw BankError.duplicatePayee
            }
            try await AuditRecords.append(db, AuditEvent(
                at: now, event: "payee_added", result: .success, actor: "customer", customerID: customerID,
                loginID: customer.loginID, ip: client.ip, userAgent: client.userAgent, factors: factors,
                detail: "payee=\(record.id) \(Self.payeeSummary(record))"))
            let shown = try await view(db, record)
            // New payees are where a takeover pays out: the registered PC address is told at once.
            let mail = composeMail(kind: "payee_added", customerID: customerID, to: [customer.pcEmail],
                                   template: MailTemplates.compose { language in
                                       MailTemplates.payeeAdded(bankName: settings.bankName, payee: shown, at: now, language: language)
                                   }, urgent: true)
            try await OutboxRecords.enqueue(db, mail, at: now)
            return shown
        }
        mailNotifier.notify()
        return added
    }

    /// 振込・振替先の削除 (利用者登録 only: 届出済み payees are the bank's to remove).
    public func deletePayee(customerID: Int64, payeeID: Int64, confirmationPassword: String, session presented: [Credential],
                            client: ClientInfo) async throws {
        let now = clock.now()
        let (customer, payee, state) = try await database.read { db in
            (try await CustomerRecords.find(db, id: customerID), try await PayeeRecords.find(db, id: payeeID),
             try await extraFactorState(db, customerID: customerID, at: now).0)
        }
        guard let customer else { throw BankError.customerNotFound }
        guard let payee, payee.customerID == customerID, payee.kind == .customer, payee.deletedAt == nil else {
            throw BankError.payeeNotFound
        }
        if confirmationPassword.isEmpty {
            throw BankError.invalidInput([FieldError(field: "confirmation_password", messageKey: "error.confirmation_password.required")])
        }
        let factors = FactorRecord(inForce: state.factorsInForce, presented: presented + [.confirmationPassword])
        try await checkConfirmationPassword(customer, password: confirmationPassword, purpose: "payee_delete", client: client,
                                            factors: factors)
        try await database.transaction { db in
            guard try await PayeeRecords.delete(db, id: payeeID, customerID: customerID, kind: .customer, at: now) else {
                throw BankError.payeeNotFound
            }
            try await AuditRecords.append(db, AuditEvent(
                at: now, event: "payee_deleted", result: .success, actor: "customer", customerID: customerID,
                loginID: customer.loginID, ip: client.ip, userAgent: client.userAgent, factors: factors,
                detail: "payee=\(payeeID) \(Self.payeeSummary(payee))"))
        }
    }

    /// 届出済み振込先: registered at the counter after the customer's written application.
    public func registerBankPayee(loginID: String, _ form: PayeeForm, staff: String,
                                  client: ClientInfo = .commandLine) async throws -> PayeeView {
        let customer = try await customer(loginID: loginID)
        let destination = try await resolveDestination(customerID: customer.id, form.choice)
        let now = clock.now()
        return try await database.transaction { db in
            let payee = NewPayee(kind: .bank, bankCode: destination.bankCode, branchCode: destination.branchCode,
                                 accountType: destination.accountType, accountNumber: destination.accountNumber,
                                 holderName: destination.holderName)
            guard let record = try await PayeeRecords.insert(db, customerID: customer.id, payee, createdBy: "staff:\(staff)",
                                                             at: now) else { throw BankError.duplicatePayee }
            try await AuditRecords.append(db, AuditEvent(
                at: now, event: "bank_payee_registered", result: .success, actor: "staff:\(staff)", customerID: customer.id,
                loginID: customer.loginID, ip: client.ip, userAgent: client.userAgent, detail: "payee=\(record.id) \(Self.payeeSummary(record))"))
            return try await view(db, record)
        }
    }

    public func removeBankPayee(loginID: String, payeeID: Int64, staff: String, client: ClientInfo = .commandLine) async throws {
        let customer = try await customer(loginID: loginID)
        let now = clock.now()
        try await database.transaction { db in
            guard let payee = try await PayeeRecords.find(db, id: payeeID),
                  try await PayeeRecords.delete(db, id: payeeID, customerID: customer.id, kind: .bank, at: now) else {
                throw BankError.payeeNotFound
            }
            try await AuditRecords.append(db, AuditEvent(
                at: now, event: "bank_payee_removed", result: .success, actor: "staff:\(staff)", customerID: customer.id,
                loginID: customer.loginID, ip: client.ip, userAgent: client.userAgent, detail: "payee=\(payeeID) \(Self.payeeSummary(payee))"))
        }
    }

    static func payeeSummary(_ payee: PayeeRecord) -> String {
        "\(payee.bankCode)-\(payee.branchCode)-\(payee.accountType.rawValue)-\(maskedAccountNumber(payee.accountNumber))"
    }
}
