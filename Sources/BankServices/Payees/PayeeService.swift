import BankCore
import BankStore
import Foundation
import SQLKit

/// 振込・振替先 the customer registers (利用者登録), and both lists with the payees the bank
/// registered at the counter (届出済み, CounterService).
public struct PayeeService: BankUseCase {
    public let context: BankContext

    /// 振込・振替先一覧: both lists, with the bank and branch names.
    public func list(by actor: BankActor) async throws -> PayeeLists {
        try await list(customerID: try actor.requireCustomer())
    }

    /// Both lists of one customer, for the customer's own screens and the back office's.
    func list(customerID: Int64) async throws -> PayeeLists {
        try await database.read { db in
            func views(_ kind: PayeeKind) async throws -> [PayeeView] {
                var out: [PayeeView] = []
                for record in try await PayeeRecords.list(db, customerID: customerID, kind: kind) {
                    out.append(try await payeeView(db, record))
                }
                return out
            }
            return PayeeLists(customerRegistered: try await views(.customer), bankRegistered: try await views(.bank))
        }
    }

    /// 振込・振替先の登録 (利用者登録): checked like a hand-typed destination (the bank and
    /// branch must be in the master; in this bank the account must exist, and its holder
    /// name is the ledger's), then the 確認用パスワード.
    public func add(by actor: BankActor, _ form: PayeeForm, confirmationPassword: String, session presented: [Credential],
                         client: ClientInfo) async throws -> PayeeView {
        let customerID = try actor.requireCustomer()
        let destination = try await bank.transfers.resolveDestination(by: actor, form.choice)
        // A typed name that is not the holder's is refused, not silently replaced: the list
        // must show the customer a payee under the name they registered it by.
        if destination.typedHolderName != nil {
            throw BankError.invalidInput([FieldError(field: "holder_name", messageKey: "error.holder_name.not_account_holder")])
        }
        if confirmationPassword.isEmpty {
            throw BankError.invalidInput([FieldError.confirmationPasswordRequired])
        }
        let now = clock.now()
        let (customer, state) = try await customerAndFactor(customerID, at: now)
        let factors = FactorRecord(inForce: state.factorsInForce, presented: presented + [.confirmationPassword])
        try await checkConfirmationPassword(customer, password: confirmationPassword, purpose: .payeeAdd, client: client,
                                            factors: factors)
        let added = try await database.transaction { db in
            let payee = NewPayee(kind: .customer, bankCode: destination.bankCode, branchCode: destination.branchCode,
                                 accountType: destination.accountType, accountNumber: destination.accountNumber,
                                 holderName: destination.holderName)
            guard let record = try await PayeeRecords.insert(db, customerID: customerID, payee, createdBy: "customer", at: now) else {
                throw BankError.duplicatePayee
            }
            try await AuditRecords.write(db, .payeeAdded, .success, by: .customer, customerID: customerID,
                                         loginID: customer.loginID, client: client, factors: factors,
                                         detail: Self.payeeDetail(record.id, record), at: now)
            let shown = try await payeeView(db, record)
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
    public func delete(by actor: BankActor, payeeID: Int64, confirmationPassword: String, session presented: [Credential],
                            client: ClientInfo) async throws {
        let customerID = try actor.requireCustomer()
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
            throw BankError.invalidInput([FieldError.confirmationPasswordRequired])
        }
        let factors = FactorRecord(inForce: state.factorsInForce, presented: presented + [.confirmationPassword])
        try await checkConfirmationPassword(customer, password: confirmationPassword, purpose: .payeeDelete, client: client,
                                            factors: factors)
        try await database.transaction { db in
            guard try await PayeeRecords.delete(db, id: payeeID, customerID: customerID, kind: .customer, at: now) else {
                throw BankError.payeeNotFound
            }
            try await AuditRecords.write(db, .payeeDeleted, .success, by: .customer, customerID: customerID,
                                         loginID: customer.loginID, client: client, factors: factors,
                                         detail: Self.payeeDetail(payeeID, payee), at: now)
            // A removed payee is told too: a takeover may tidy up after itself.
            try await enqueuePayeeRemoved(db, customer, try await payeeView(db, payee), at: now)
        }
        mailNotifier.notify()
    }
}
