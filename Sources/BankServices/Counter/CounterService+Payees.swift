import BankCore
import BankStore
import Foundation
import SQLKit

/// 届出済み振込先: payees the bank registers after the customer's written application, from the
/// web's counter screens (by customer number) and from `kyoei admin payee` (by ログインID).
extension CounterService {
    /// 届出済み振込先の登録, checked like any typed destination.
    public func registerBankPayee(loginID: String, _ form: PayeeForm, by actor: BankActor,
                                  client: ClientInfo = .commandLine) async throws -> PayeeView {
        try await requireCounterWorker(actor, event: .bankPayeeRegistered, customerID: nil, client: client)
        return try await registerBankPayee(try await customerRecord(loginID: loginID), form, by: actor, client: client)
    }

    public func registerBankPayee(customerID: Int64, _ form: PayeeForm, by actor: BankActor,
                                  client: ClientInfo) async throws -> PayeeView {
        try await requireCounterWorker(actor, event: .bankPayeeRegistered, customerID: customerID, client: client)
        return try await registerBankPayee(try await customerRecord(id: customerID), form, by: actor, client: client)
    }

    private func registerBankPayee(_ customer: CustomerRecord, _ form: PayeeForm, by actor: BankActor,
                                   client: ClientInfo) async throws -> PayeeView {
        let destination = try await bank.transfers.resolveDestination(customerID: customer.id, form.choice)
        let now = clock.now()
        let added = try await database.transaction { db in
            let payee = NewPayee(kind: .bank, bankCode: destination.bankCode, branchCode: destination.branchCode,
                                 accountType: destination.accountType, accountNumber: destination.accountNumber,
                                 holderName: destination.holderName)
            guard let record = try await PayeeRecords.insert(db, customerID: customer.id, payee,
                                                             createdBy: AuditActor(actor).storedText, at: now)
            else { throw BankError.duplicatePayee }
            try await AuditRecords.write(db, .bankPayeeRegistered, .success, by: AuditActor(actor), customerID: customer.id,
                                         loginID: customer.loginID, client: client, detail: Bank.payeeDetail(record.id, record), at: now)
            let shown = try await payeeView(db, record)
            // The customer is told of a payee the bank registered as of one they added.
            let mail = composeMail(kind: "bank_payee_added", customerID: customer.id, to: [customer.pcEmail],
                                   template: MailTemplates.compose { language in
                                       MailTemplates.payeeAdded(bankName: settings.bankName, payee: shown, at: now, language: language)
                                   }, urgent: true)
            try await OutboxRecords.enqueue(db, mail, at: now)
            return shown
        }
        mailNotifier.notify()
        return added
    }

    /// One 届出済み振込先 of this customer (for the removal's confirmation), else `payeeNotFound`.
    public func bankPayee(customerID: Int64, payeeID: Int64, by actor: BankActor) async throws -> PayeeView {
        try actor.requireStaff(StaffRole.counterWorkers)
        return try await database.read { db in
            guard let payee = try await PayeeRecords.find(db, id: payeeID), payee.customerID == customerID,
                  payee.kind == .bank, payee.deletedAt == nil else { throw BankError.payeeNotFound }
            return try await payeeView(db, payee)
        }
    }

    /// 届出済み振込先の削除: only this customer's, only a bank-registered one.
    public func removeBankPayee(loginID: String, payeeID: Int64, by actor: BankActor,
                                client: ClientInfo = .commandLine) async throws {
        try await requireCounterWorker(actor, event: .bankPayeeRemoved, customerID: nil, client: client)
        try await removeBankPayee(try await customerRecord(loginID: loginID), payeeID: payeeID, by: actor, client: client)
    }

    public func removeBankPayee(customerID: Int64, payeeID: Int64, by actor: BankActor, client: ClientInfo) async throws {
        try await requireCounterWorker(actor, event: .bankPayeeRemoved, customerID: customerID, client: client)
        try await removeBankPayee(try await customerRecord(id: customerID), payeeID: payeeID, by: actor, client: client)
    }

    private func removeBankPayee(_ customer: CustomerRecord, payeeID: Int64, by actor: BankActor,
                                 client: ClientInfo) async throws {
        let now = clock.now()
        try await database.transaction { db in
            guard let payee = try await PayeeRecords.find(db, id: payeeID),
                  try await PayeeRecords.delete(db, id: payeeID, customerID: customer.id, kind: .bank, at: now) else {
                throw BankError.payeeNotFound
            }
            try await AuditRecords.write(db, .bankPayeeRemoved, .success, by: AuditActor(actor), customerID: customer.id,
                                         loginID: customer.loginID, client: client, detail: Bank.payeeDetail(payeeID, payee), at: now)
            try await enqueuePayeeRemoved(db, customer, try await payeeView(db, payee), at: now)
        }
        mailNotifier.notify()
    }
}
