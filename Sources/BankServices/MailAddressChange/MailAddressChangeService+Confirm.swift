import BankCore
import BankStore
import Foundation
import SQLKit

/// The link's page. It works without a login, on purpose: opening the link proves control of
/// the new mailbox, and the request already proved the 確認用パスワード (and the one-time
/// password where it is active). Asking for a login too would add nothing against someone who
/// holds the passwords (they could log in), but would fail the customer who reads the mail on
/// a phone where they are not logged in. The token is 256 random bits, stored hashed, single
/// use, 24 hours.
extension MailAddressChangeService {
    /// The page opened from the link (GET): what confirming would do. Writes nothing, so a mail
    /// scanner that fetches every link in a mail neither applies nor spends it.
    public func pendingConfirmation(token: String) async throws -> MailAddressConfirmationView {
        let now = clock.now()
        guard Self.wellFormed(token) else { throw BankError.mailAddressLink(.unknown) }
        return try await database.read { db in
            let record = try await MailAddressConfirmationRecords.find(db, tokenHash: Self.sha256Hex(token))
            if let refusal = Self.refusal(record, at: now) { throw BankError.mailAddressLink(refusal) }
            guard let record, let kind = MailAddressKind(rawValue: record.kind),
                  let customer = try await CustomerRecords.find(db, id: record.customerID) else {
                throw BankError.mailAddressLink(.unknown)
            }
            return MailAddressConfirmationView(
                kind: kind, newAddress: record.newAddress, expiresAt: record.expiresAt,
                mailPasswordWillMove: try await mailPasswordWouldMove(db, customer, kind: kind, to: record.newAddress))
        }
    }

    /// 変更を確定する (POST from that page): the change, once. A second confirmation (a double
    /// click, another tab) finds the link used; every refusal is audited.
    public func confirm(token: String, client: ClientInfo) async throws -> MailAddressChange {
        let now = clock.now()
        let tokenHash = Self.sha256Hex(token)
        do {
            guard Self.wellFormed(token) else { throw BankError.mailAddressLink(.unknown) }
            let change = try await database.transaction { db -> MailAddressChange in
                guard let found = try await MailAddressConfirmationRecords.find(db, tokenHash: tokenHash) else {
                    throw BankError.mailAddressLink(.unknown)
                }
                // The customer's row first, as every change of addresses and factors takes it.
                try await CustomerRecords.lockForChange(db, customerID: found.customerID)
                let record = try await MailAddressConfirmationRecords.find(db, tokenHash: tokenHash)
                if let refusal = Self.refusal(record, at: now) { throw BankError.mailAddressLink(refusal) }
                guard let record, let kind = MailAddressKind(rawValue: record.kind),
                      let customer = try await CustomerRecords.find(db, id: record.customerID) else {
                    throw BankError.mailAddressLink(.unknown)
                }
                guard try await MailAddressConfirmationRecords.markConfirmed(db, id: record.id, at: now) else {
                    throw BankError.mailAddressLink(.used)
                }
                return try await applyMailAddressChange(db, customer, kind: kind, to: record.newAddress, via: .online,
                                                        actor: .customer, client: client, note: [.field(.request, record.id)],
                                                        at: now)
            }
            mailNotifier.notify()
            return change
        } catch BankError.mailAddressLink(let refusal) {
            try await auditRefusedLink(refusal, tokenHash: tokenHash, client: client, at: now)
            throw BankError.mailAddressLink(refusal)
        }
    }

    /// Why the stored request (nil: none has this token) cannot be confirmed now, if it cannot.
    static func refusal(_ record: MailAddressConfirmationRecord?, at now: Date) -> MailAddressLinkRefusal? {
        guard let record else { return .unknown }
        switch record.status {
        case .confirmed: return .used
        case .voided: return .voided
        case .pending: return record.expiresAt <= now ? .expired : nil
        }
    }

    /// A refused confirmation, under the customer the link was for when it was one of ours (a
    /// made-up token has none: the row keeps the IP for whoever looks for guessing).
    private func auditRefusedLink(_ refusal: MailAddressLinkRefusal, tokenHash: String, client: ClientInfo,
                                  at now: Date) async throws {
        try await database.transaction { db in
            let record = try await MailAddressConfirmationRecords.find(db, tokenHash: tokenHash)
            let customer = try await record.asyncMap { try await CustomerRecords.find(db, id: $0.customerID) } ?? nil
            var detail: AuditDetail = [.field(.refusal, refusal.rawValue)]
            if let record { detail = detail + [.field(.request, record.id)] }
            try await AuditRecords.write(db, .mailAddressChangeRefused, .refused, by: customer == nil ? .anonymous : .customer,
                                         customerID: customer?.id,
                                         loginID: customer?.loginID, client: client, detail: detail, at: now)
        }
    }
}
