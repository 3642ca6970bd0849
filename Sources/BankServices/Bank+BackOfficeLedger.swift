import BankCore
import BankStore
import Foundation

/// 元帳検証: the double-entry check and what the ledger holds, per account type and per
/// internal account.
public struct LedgerOverview: Sendable, Equatable {
    public var verification: LedgerVerification
    public var totals: LedgerTotals
    /// The accounts a problem names (balance ≠ its entries, negative where it may not be),
    /// so the screen can show their branch and number.
    public var problemAccounts: [Int64: AccountRecord]
    public var checkedAt: Date
}

extension Bank {
    /// Every role may read it; the read is audited like every back-office screen.
    public func ledgerOverview(by staff: StaffRecord, client: ClientInfo? = nil) async throws -> LedgerOverview {
        try requireRole(staff, allowed: StaffRole.readers)
        let now = clock.now()
        // The scan reads one snapshot and takes no write lock (transfers go on meanwhile);
        // the view is audited in a short transaction of its own.
        let (verification, totals, problems) = try await database.snapshot { db in
            let verification = try await LedgerRecords.verify(db)
            let totals = try await LedgerRecords.totals(db)
            var problems: [Int64: AccountRecord] = [:]
            for id in verification.mismatchedAccounts.map(\.accountID) + verification.negativeBalances {
                problems[id] = try await AccountRecords.find(db, id: id)
            }
            return (verification, totals, problems)
        }
        return try await database.transaction { db in
            try await auditStaffView(db, staff, client: client, customerID: nil, loginID: nil,
                                     detail: "ledger_verify consistent=\(verification.isConsistent) total=\(totals.grandTotal.value)",
                                     at: now)
            return LedgerOverview(verification: verification, totals: totals, problemAccounts: problems, checkedAt: now)
        }
    }
}
