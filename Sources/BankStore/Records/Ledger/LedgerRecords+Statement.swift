import BankCore
import Foundation
import SQLKit

/// One entry of an account's statement, with the fee its ledger transaction charged.
public struct StatementEntry: Sendable, Equatable {
    public var line: StatementLine
    /// What the bank's `fee_income` account received in the same ledger transaction: the part
    /// of this entry that was the 振込手数料 (zero for everything but a transfer's debit).
    public var fee: Yen

    public init(line: StatementLine, fee: Yen) {
        self.line = line
        self.fee = fee
    }
}

extension LedgerRecords {
    /// `statement`, each entry with its transaction's fee. A transfer posts amount and fee as
    /// one debit of the source account; the fee's credit to `fee_income` is what tells the two
    /// apart, so the statement can show 振込手数料 as a line of its own without a second
    /// entry (or a schema change) for it.
    public static func statementWithFees(_ db: any SQLDatabase, accountID: Int64, from: Date, to: Date,
                                         limit: Int = 1000) async throws -> [StatementEntry] {
        try await db.raw("""
            SELECT e.id, e.account_id, e.transaction_id, t.kind, t.memo, e.amount, e.balance_after, e.created_at,
                   CAST(COALESCE((SELECT SUM(f.amount) FROM ledger_entries f JOIN accounts a ON a.id = f.account_id
                                  WHERE f.transaction_id = e.transaction_id AND a.internal_code = 'fee_income'), 0) AS BIGINT) AS fee
            FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
            WHERE e.account_id = \(bind: accountID)
              AND e.created_at >= \(bind: from.millis) AND e.created_at < \(bind: to.millis)
            ORDER BY e.id DESC
            LIMIT \(bind: limit)
            """).all().map { row in
            StatementEntry(line: try decodeLine(row), fee: Yen(try row.decode(column: "fee", as: Int64.self)))
        }
    }
}
