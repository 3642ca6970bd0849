import BankCore
import Foundation
import SQLKit

public struct LedgerTransactionRecord: Sendable, Equatable, Codable {
    public var id: Int64
    public var kind: String
    public var memo: String
    public var createdAt: Date
}

public struct StatementLine: Sendable, Equatable, Codable {
    public var entryID: Int64
    public var accountID: Int64
    public var transactionID: Int64
    public var kind: String
    public var memo: String
    public var amount: Yen
    public var balanceAfter: Yen
    public var at: Date
}

/// A ledger transaction to post (`LedgerRecords.post`), as one value for the steps that post
/// it together with other writes (`TransferExecutionRecords.postAndInsert`).
public struct NewLedgerTransaction: Sendable, Equatable {
    public var kind: String
    public var memo: String
    public var postings: [Posting]
    public var idempotencyKey: String?
    public var actor: String

    public init(kind: String, memo: String, postings: [Posting], idempotencyKey: String? = nil, actor: String) {
        self.kind = kind; self.memo = memo; self.postings = postings; self.idempotencyKey = idempotencyKey; self.actor = actor
    }
}

/// The double-entry ledger (Store+Ledger). Must be called inside a transaction.
public enum LedgerRecords {
    /// Writes one ledger transaction: every posting's entry and balance change, or (by
    /// throwing, so the caller's transaction rolls back) nothing. Balances are changed with
    /// a single `UPDATE … RETURNING` per account, in account-id order, so concurrent postings
    /// never lose an update and never deadlock. An account that may not go negative refuses.
    public static func post(_ db: any SQLDatabase, kind: String, memo: String, postings: [Posting],
                            idempotencyKey: String? = nil, actor: String, at now: Date) async throws -> Int64 {
        try await post(db, kind: kind, memo: memo, postings: postings, idempotencyKey: idempotencyKey, actor: actor, at: now,
                       form: PostingForm.fastest(for: db))
    }

    /// The two forms of the same posting. Both are kept because each is the fast one on its
    /// engine (Engine/README.md); LedgerPostingFormsTests runs the same cases through both.
    enum PostingForm: Sendable, CaseIterable {
        /// Statement by statement from Swift: SQLite's form (runs on PostgreSQL too).
        case statements
        /// One call of the `ledger_post` PL/pgSQL function: PostgreSQL only.
        case serverFunction

        static func fastest(for db: any SQLDatabase) -> PostingForm {
            db.dialect.name == "postgresql" ? .serverFunction : .statements
        }
    }

    static func post(_ db: any SQLDatabase, kind: String, memo: String, postings: [Posting], idempotencyKey: String?,
                     actor: String, at now: Date, form: PostingForm) async throws -> Int64 {
        let ordered = try inPostingOrder(postings)
        switch form {
        case .serverFunction:
            return try await postOnServer(db, kind: kind, memo: memo, postings: ordered, idempotencyKey: idempotencyKey,
                                          actor: actor, at: now)
        case .statements:
            return try await postStatements(db, kind: kind, memo: memo, postings: ordered, idempotencyKey: idempotencyKey,
                                            actor: actor, at: now)
        }
    }

    /// The posting statement by statement (`postings` validated and in account-id order).
    static func postStatements(_ db: any SQLDatabase, kind: String, memo: String, postings ordered: [Posting],
                               idempotencyKey: String?, actor: String, at now: Date) async throws -> Int64 {
        let row = try await db.raw("""
            INSERT INTO ledger_transactions (kind, memo, idempotency_key, actor, created_at)
            VALUES (\(bind: kind), \(bind: memo), \(bind: idempotencyKey), \(bind: actor), \(bind: now.millis))
            RETURNING id
            """).first()!
        let transactionID = try row.decode(column: "id", as: Int64.self)
        for posting in ordered {
            let updated = try await db.raw("""
                UPDATE accounts SET balance = balance + \(bind: posting.amount.value)
                WHERE id = \(bind: posting.accountID)
                  AND (allow_negative = 1 OR balance + \(bind: posting.amount.value) >= 0)
                RETURNING balance
                """).first()
            guard let updated else {
                if try await AccountRecords.find(db, id: posting.accountID) == nil { throw StoreError.notFound }
                throw StoreError.insufficientFunds(accountID: posting.accountID)
            }
            let balanceAfter = try updated.decode(column: "balance", as: Int64.self)
            try await db.raw("""
                INSERT INTO ledger_entries (transaction_id, account_id, amount, balance_after, created_at)
                VALUES (\(bind: transactionID), \(bind: posting.accountID), \(bind: posting.amount.value),
                        \(bind: balanceAfter), \(bind: now.millis))
                """).run()
        }
        return transactionID
    }

    /// The postings validated and in account-id order: the order both forms lock the accounts in.
    static func inPostingOrder(_ postings: [Posting]) throws -> [Posting] {
        try LedgerRules.validate(postings)
        return postings.sorted(by: { $0.accountID < $1.accountID })
    }

    /// The same posting as one call of the `ledger_post` function (migration 7): one round
    /// trip, with plans PostgreSQL keeps, instead of five statements parsed and planned anew.
    /// See Engine/README.md for why, and LedgerPostingFormsTests for how it is kept equal.
    static func postOnServer(_ db: any SQLDatabase, kind: String, memo: String, postings: [Posting],
                             idempotencyKey: String?, actor: String, at now: Date) async throws -> Int64 {
        let row = try await db.raw(postOnServerStatement(NewLedgerTransaction(
            kind: kind, memo: memo, postings: postings, idempotencyKey: idempotencyKey, actor: actor), at: now)).first()!
        return try postedOnServer(row)
    }

    /// The `ledger_post` call (`postings` in posting order), also a part of 実行's last
    /// statement on PostgreSQL (`TransferExecutionRecords.postAndInsert`).
    static func postOnServerStatement(_ transaction: NewLedgerTransaction, at now: Date) -> SQLQueryString {
        """
        SELECT o_transaction, o_refused, o_missing FROM ledger_post(
            \(bind: transaction.kind), \(bind: transaction.memo), \(bind: transaction.idempotencyKey), \(bind: transaction.actor),
            \(bind: now.millis), \(bind: transaction.postings.map(\.accountID))::BIGINT[],
            \(bind: transaction.postings.map(\.amount.value))::BIGINT[])
        """
    }

    /// The call's answer: the ledger transaction's id, or the refusal, thrown as the
    /// statements throw it (`notFound`, `insufficientFunds`).
    static func postedOnServer(_ row: any SQLRow) throws -> Int64 {
        if let refused = try row.decode(column: "o_refused", as: Int64?.self) {
            if try row.decode(column: "o_missing", as: Bool.self) { throw StoreError.notFound }
            throw StoreError.insufficientFunds(accountID: refused)
        }
        return try row.decode(column: "o_transaction", as: Int64.self)
    }

    /// Entries of one account from `from` (inclusive) to `to` (exclusive), newest first. The
    /// order is the order of posting (entry id), the order the running balances were made in,
    /// even when a posting that started earlier waited for another's row lock.
    public static func statement(_ db: any SQLDatabase, accountID: Int64, from: Date, to: Date,
                                 limit: Int = 1000) async throws -> [StatementLine] {
        try await db.raw("""
            \(unsafeRaw: lineSelect)
            WHERE e.account_id = \(bind: accountID)
              AND e.created_at >= \(bind: from.millis) AND e.created_at < \(bind: to.millis)
            ORDER BY e.id DESC
            LIMIT \(bind: limit)
            """).all().map(decodeLine)
    }

    /// Every entry of one ledger transaction.
    public static func entries(_ db: any SQLDatabase, transactionID: Int64) async throws -> [StatementLine] {
        try await db.raw("\(unsafeRaw: lineSelect) WHERE e.transaction_id = \(bind: transactionID) ORDER BY e.id")
            .all().map(decodeLine)
    }

    static let lineSelect = """
        SELECT e.id, e.account_id, e.transaction_id, t.kind, t.memo, e.amount, e.balance_after, e.created_at
        FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
        """

    static func decodeLine(_ row: any SQLRow) throws -> StatementLine {
            StatementLine(
                entryID: try row.decode(column: "id", as: Int64.self),
                accountID: try row.decode(column: "account_id", as: Int64.self),
                transactionID: try row.decode(column: "transaction_id", as: Int64.self),
                kind: try row.decode(column: "kind", as: String.self),
                memo: try row.decode(column: "memo", as: String.self),
                amount: Yen(try row.decode(column: "amount", as: Int64.self)),
                balanceAfter: Yen(try row.decode(column: "balance_after", as: Int64.self)),
                at: Date(millis: try row.decode(column: "created_at", as: Int64.self)))
    }

    /// The double-entry invariant, checked in the database: all entries sum to zero, each
    /// transaction sums to zero, each balance equals the sum of its account's entries.
    public static func verify(_ db: any SQLDatabase) async throws -> LedgerVerification {
        let totals = try await db.raw("""
            SELECT (SELECT COUNT(*) FROM accounts) AS accounts,
                   (SELECT COUNT(*) FROM ledger_transactions) AS transactions,
                   (SELECT COUNT(*) FROM ledger_entries) AS entries,
                   (SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM ledger_entries) AS total
            """).first()!
        let unbalanced = try await db.raw("""
            SELECT transaction_id FROM ledger_entries GROUP BY transaction_id HAVING SUM(amount) <> 0
            UNION
            SELECT t.id FROM ledger_transactions t WHERE NOT EXISTS (SELECT 1 FROM ledger_entries e WHERE e.transaction_id = t.id)
            ORDER BY 1 LIMIT 100
            """).all().map { try $0.decode(column: "transaction_id", as: Int64.self) }
        let mismatched = try await db.raw("""
            SELECT a.id, a.balance, CAST(COALESCE(SUM(e.amount), 0) AS BIGINT) AS total
            FROM accounts a LEFT JOIN ledger_entries e ON e.account_id = a.id
            GROUP BY a.id, a.balance
            HAVING a.balance <> CAST(COALESCE(SUM(e.amount), 0) AS BIGINT)
            ORDER BY a.id LIMIT 100
            """).all().map {
            LedgerVerification.Mismatch(accountID: try $0.decode(column: "id", as: Int64.self),
                                        balance: try $0.decode(column: "balance", as: Int64.self),
                                        sumOfEntries: try $0.decode(column: "total", as: Int64.self))
        }
        let negative = try await db.raw("""
            SELECT id FROM accounts WHERE balance < 0 AND allow_negative = 0 ORDER BY id LIMIT 100
            """).all().map { try $0.decode(column: "id", as: Int64.self) }
        return LedgerVerification(
            accounts: try totals.decode(column: "accounts", as: Int.self),
            transactions: try totals.decode(column: "transactions", as: Int.self),
            entries: try totals.decode(column: "entries", as: Int.self),
            sumOfAllEntries: try totals.decode(column: "total", as: Int64.self),
            unbalancedTransactions: unbalanced, mismatchedAccounts: mismatched, negativeBalances: negative)
    }
}
