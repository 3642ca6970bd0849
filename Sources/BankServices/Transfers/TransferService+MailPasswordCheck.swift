import BankCore
import BankStore
import Foundation
import SQLKit

extension TransferService {
    /// Whether a password was mailed for this destination in this session and is still
    /// unspent is no secret, so it is settled first and costs no attempt. Then, in one
    /// transaction that holds the counter (a keyed hash is cheap to compare), the lock is
    /// read, the password compared and the answer counted: a wrong one as a failure, a right
    /// one clears the count. Returns the stored hash, which the transfer's transaction spends.
    func checkMailPassword(_ customer: CustomerRecord, presented: String, sessionHash: String, binding: String,
                                   client: ClientInfo, factors: FactorRecord) async throws -> String {
        let now = clock.now()
        let keyedHash = KeyedHash(ring: try requireSecretKeys())
        let record = try await database.read { db in try await MailPasswordRecords.find(db, customerID: customer.id) }
        guard let record, record.spentAt == nil, record.sessionHash == sessionHash, record.destinationKey == binding else {
            throw BankError.mailPasswordRefused(.notIssued)
        }
        let counter = AttemptCounter.customer(customer.id, .mailPassword)
        let refusal = try await database.transaction { db -> MailPasswordRefusal? in
            let (_, locked) = try await AttemptReservations.lockCounter(db, counter)
            if locked {
                try await AuditRecords.write(db, .mailPassword, .refused, by: .customer, customerID: customer.id,
                    loginID: customer.loginID, client: client, factors: factors,
                    detail: [.code(.transfer), .code(.locked)], at: now)
                return .locked
            }
            if MailPassword.verify(presented, customerID: customer.id, payeeKey: binding, against: record.passwordHash,
                                   using: keyedHash) {
                try await countRight(db, nil, customerID: customer.id, credential: .mailPassword)
                return nil
            }
            let state = try await countWrong(db, nil, customer: customer, credential: .mailPassword, client: client, at: now)
            let refusal: MailPasswordRefusal = state.isLocked ? .locked : .incorrect
            try await AuditRecords.write(db, .mailPassword, .failure, by: .customer, customerID: customer.id,
                                         loginID: customer.loginID, client: client, factors: factors,
                                         detail: [.code(.transfer), .word("\(refusal)"), .field(.failures, state.failures)], at: now)
            return refusal
        }
        guard let refusal else { return record.passwordHash }
        if refusal == .locked { mailNotifier.notify() }
        throw BankError.mailPasswordRefused(refusal)
    }
}
