import BankCore
import BankStore
import Foundation
import SQLKit

extension CounterService {
    /// 登録メールアドレス変更 at the counter (after the customer's written application): the
    /// address, the notices to the old and the new address and the audit row, in one
    /// transaction. When the メール通知パスワード goes to the address being replaced, the change
    /// would send the customer's second factor somewhere new: then it is only a request, made
    /// (with the password's destination, voiding any password mailed and unused) when a
    /// different 役席 approves it.
    public func changeMailAddress(customerID: Int64, kind: MailAddressKind, newAddress rawAddress: String,
                                  by actor: BankActor, client: ClientInfo) async throws -> MailAddressOutcome {
        try await requireCounterWorker(actor, event: .mailAddressChanged, customerID: customerID, client: client)
        let address: MailAddress
        do { address = try MailAddress(validating: rawAddress) } catch {
            throw BankError.invalidInput([FieldError(field: "address", messageKey: error.messageKey)])
        }
        let now = clock.now()
        let outcome = try await database.transaction { db -> MailAddressOutcome in
            try await CustomerRecords.lockForChange(db, customerID: customerID)
            let customer = try await customer(db, id: customerID)
            if try await mailPasswordWouldMove(db, customer, kind: kind, to: address.value) {
                let new = NewAccessRequest(customerID: customerID, kind: .mailAddress, target: kind.rawValue,
                                           reason: "届出による登録メールアドレス変更（メール通知パスワードの送信先）",
                                           newValue: address.value)
                return .requested(try await bank.accessRequests.insertRequest(db, new, customer: customer, by: actor, client: client, at: now))
            }
            return .changed(try await applyMailAddressChange(db, customer, kind: kind, to: address.value, via: .counter,
                                                             actor: AuditActor(actor),
                                                             client: client, at: now))
        }
        mailNotifier.notify()
        return outcome
    }
}
