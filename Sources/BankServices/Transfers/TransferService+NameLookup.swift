import BankCore
import BankStore
import Foundation
import SQLKit

extension TransferService {
    /// A typed account in this bank is answered with its holder's name (受取人名) from the
    /// ledger, which is what customers expect and what protects them from paying the wrong
    /// person. Every such lookup is audited, and a customer past the hourly allowance is
    /// refused, so a session cannot walk the account numbers to collect names.
    func recordNameLookup(_ db: any SQLDatabase, customerID: Int64, branchCode: String, accountNumber: String) async throws {
        let now = clock.now()
        let recent = try await AuditRecords.nameLookupCount(db, customerID: customerID, since: now.addingTimeInterval(-3600))
        if recent >= settings.transfers.nameLookupsPerHour { throw BankError.tooManyNameLookups }
        try await AuditRecords.write(db, .accountNameLookup, .info, by: .customer, customerID: customerID,
                                     detail: [.word("\(branchCode)-\(maskedAccountNumber(accountNumber))")], at: now)
    }
}
