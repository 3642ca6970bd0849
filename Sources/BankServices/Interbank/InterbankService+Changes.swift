import BankCore
import BankStore
import Foundation
import SQLKit

extension InterbankService {
    /// 送信済にする: handed to the interbank batch, 受付済 → sent. Refused for any other status,
    /// so a transfer is never sent twice.
    public func markSent(id: Int64, by actor: BankActor, client: ClientInfo = .commandLine) async throws -> TransferView {
        try await change(.interbankSent, id: id, by: actor, client: client) {
            let now = clock.now()
            return try await database.transaction { db in
                guard let transfer = try await TransferRecords.find(db, id: id), transfer.route == .otherBank else {
                    throw BankError.transferNotFound
                }
                guard try await TransferRecords.setStatus(db, id: id, from: [.accepted], to: .sent, note: nil, at: now) else {
                    throw BankError.transferStatus(transfer.status.rawValue)
                }
                try await AuditRecords.write(db, .interbankSent, .success, by: AuditActor(actor),
                    customerID: transfer.customerID, client: client,
                    detail: [.field(.reception, transfer.receptionNumber), .field(.amount, transfer.amount.value)], at: now)
                return try await TransferRecords.find(db, id: id)!
            }
        }
    }

    /// 資金返却: the other bank could not credit it (closed account, wrong name…). The amount
    /// goes back from the clearing account to the customer's account in one ledger
    /// transaction; the fee stays charged, as for any transfer the bank carried out. The
    /// customer is told by mail. Once only: a second return (a double submission, or another
    /// clerk) finds the transfer returned and is refused; the status moves only from
    /// 受付済/送信済, in the same transaction as the posting, and the posting's idempotency key
    /// (`return:<transfer nonce>`) is unique, so the money can come back only once.
    public func returnTransfer(id: Int64, reason: String, by actor: BankActor,
                               client: ClientInfo = .commandLine) async throws -> TransferView {
        try await change(.interbankReturned, id: id, by: actor, client: client) {
            try await returnChecked(id: id, reason: reason, by: actor, client: client)
        }
    }

    private func returnChecked(id: Int64, reason rawReason: String, by actor: BankActor,
                               client: ClientInfo) async throws -> TransferRecord {
        let reason = rawReason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty, reason.count <= 200, !reason.contains(where: { $0.isNewline }) else {
            throw BankError.invalidInput([FieldError(field: "reason", messageKey: "error.reason.required")])
        }
        let now = clock.now()
        let returned = try await database.transaction { db -> TransferRecord in
            guard let transfer = try await TransferRecords.find(db, id: id), transfer.route == .otherBank else {
                throw BankError.transferNotFound
            }
            guard try await TransferRecords.setStatus(db, id: id, from: [.accepted, .sent], to: .returned, note: reason, at: now) else {
                throw BankError.transferStatus(transfer.status.rawValue)
            }
            let clearing = try await internalAccountID(db, "interbank_clearing")
            _ = try await LedgerRecords.post(db, kind: "transfer_return", memo: "振込資金返却 \(transfer.holderName)",
                                             postings: [Posting(accountID: clearing, amount: -transfer.amount),
                                                        Posting(accountID: transfer.sourceAccountID, amount: transfer.amount)],
                                             idempotencyKey: "return:\(transfer.nonce)", actor: AuditActor(actor).storedText, at: now)
            let customer = try await CustomerRecords.find(db, id: transfer.customerID)
            if let customer {
                let template = MailTemplates.compose { language in
                    MailTemplates.transferReturned(bankName: settings.bankName, reception: transfer.receptionNumber,
                                                   amount: transfer.amount, reason: reason, at: now, language: language)
                }
                let mail = composeMail(kind: "transfer_returned", customerID: customer.id, to: [customer.pcEmail], template: template)
                try await OutboxRecords.enqueue(db, mail, at: now)
            }
            try await AuditRecords.write(db, .interbankReturned, .success, by: AuditActor(actor),
                customerID: transfer.customerID, loginID: customer?.loginID, client: client,
                detail: [.field(.reception, transfer.receptionNumber), .field(.amount, transfer.amount.value), .field(.reason, reason)],
                at: now)
            return try await TransferRecords.find(db, id: id)!
        }
        mailNotifier.notify()
        return returned
    }

    /// Checks who asks, then makes the change; a refusal worth it (wrong role, unknown id, wrong
    /// status) is audited with the transfer's 受付番号 and who tried it.
    private func change(_ event: AuditEventName, id: Int64, by actor: BankActor, client: ClientInfo,
                        _ change: () async throws -> TransferRecord) async throws -> TransferView {
        do {
            try actor.requireStaff(StaffRole.counterWorkers)
            return TransferView(try await change())
        } catch {
            guard let refusal = Self.refusalName(error) else { throw error }
            let transfer = try await database.read { db in try await TransferRecords.find(db, id: id) }
            let reception: AuditDetail = transfer.map { [.field(.reception, $0.receptionNumber)] } ?? .none
            try await auditRefusal(event, by: actor, client: client, customerID: transfer?.customerID,
                                   detail: [.field(.id, id)] + reception + refusal)
            throw error
        }
    }
}
