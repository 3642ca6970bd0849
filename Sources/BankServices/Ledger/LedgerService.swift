import BankCore
import BankStore
import Foundation

/// 元帳: the double-entry check, for the back office's 元帳検証 and `kyoei admin verify-ledger`.
public struct LedgerService: BankUseCase {
    public let context: BankContext

    public init(context: BankContext) {
        self.context = context
    }
}

extension LedgerService {
    /// `kyoei admin verify-ledger`: every account's balance against its entries, in one snapshot.
    public func verify() async throws -> LedgerVerification {
        try await database.snapshot { db in try await LedgerRecords.verify(db) }
    }

    /// Every role may read it; the read is audited like every back-office screen.
    public func overview(by actor: BankActor, client: ClientInfo? = nil) async throws -> LedgerOverview {
        try actor.requireStaff(StaffRole.readers)
        let now = clock.now()
        // The scan reads one snapshot and takes no write lock (transfers go on meanwhile);
        // the view is audited in a short transaction of its own.
        let (verification, totals, problems) = try await database.snapshot { db in
            let verification = try await LedgerRecords.verify(db)
            let totals = try await LedgerRecords.totals(db)
            var problems: [Int64: AccountView] = [:]
            for id in verification.mismatchedAccounts.map(\.accountID) + verification.negativeBalances {
                problems[id] = try await AccountRecords.find(db, id: id).map(AccountView.init)
            }
            return (verification, totals, problems)
        }
        return try await database.transaction { db in
            try await auditStaffView(db, actor, client: client, customerID: nil, loginID: nil,
                                     detail: [.code(.ledgerVerify),
                                              .field(.consistent, verification.isConsistent),
                                              .field(.total, totals.grandTotal.value)],
                                     at: now)
            return LedgerOverview(verification: verification, totals: totals, problemAccounts: problems, checkedAt: now)
        }
    }
}
