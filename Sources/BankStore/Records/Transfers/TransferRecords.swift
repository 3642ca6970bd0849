import BankCore
import Foundation
import SQLKit

public struct TransferRecord: Sendable, Equatable, Codable {
    public var id: Int64
    public var receptionNumber: String
    public var nonce: String
    public var customerID: Int64
    public var sourceAccountID: Int64
    public var route: TransferRoute
    /// own (振替), customer (利用者登録), bank (届出済み), other (他口座).
    public var destinationKind: DestinationKind
    public var payeeID: Int64?
    public var bankCode: String
    public var branchCode: String
    public var accountType: AccountType
    public var accountNumber: String
    public var holderName: String
    public var destinationAccountID: Int64?
    public var amount: Yen
    public var fee: Yen
    public var status: TransferStatus
    /// nil while a 予約振込 waits (or after it was cancelled or found too little money).
    public var ledgerTransactionID: Int64?
    public var businessDay: String
    public var factors: FactorRecord
    public var ip: String
    public var userAgent: String
    public var createdAt: Date
    public var statusChangedAt: Date?
    public var statusNote: String?
    /// 予約振込: the 振込指定日 (`2026-12-10`); nil for a transfer made at once.
    public var scheduledFor: String?
    /// When the scheduler ran the booking (executed, or found too little money).
    public var executedAt: Date?

    public init(id: Int64, receptionNumber: String, nonce: String, customerID: Int64, sourceAccountID: Int64, route: TransferRoute, destinationKind: DestinationKind, payeeID: Int64?, bankCode: String, branchCode: String, accountType: AccountType, accountNumber: String, holderName: String, destinationAccountID: Int64?, amount: Yen, fee: Yen, status: TransferStatus, ledgerTransactionID: Int64?, businessDay: String, factors: FactorRecord, ip: String, userAgent: String, createdAt: Date, statusChangedAt: Date?, statusNote: String?, scheduledFor: String? = nil, executedAt: Date? = nil) {
        self.id = id; self.receptionNumber = receptionNumber; self.nonce = nonce; self.customerID = customerID; self.sourceAccountID = sourceAccountID; self.route = route; self.destinationKind = destinationKind; self.payeeID = payeeID; self.bankCode = bankCode; self.branchCode = branchCode; self.accountType = accountType; self.accountNumber = accountNumber; self.holderName = holderName; self.destinationAccountID = destinationAccountID; self.amount = amount; self.fee = fee; self.status = status; self.ledgerTransactionID = ledgerTransactionID; self.businessDay = businessDay; self.factors = factors; self.ip = ip; self.userAgent = userAgent; self.createdAt = createdAt; self.statusChangedAt = statusChangedAt; self.statusNote = statusNote
        self.scheduledFor = scheduledFor; self.executedAt = executedAt
    }
}

/// Transfers (Store+Transfers) and the confirmations that precede them.
public enum TransferRecords {
    static let columns = """
        id, reception_number, nonce, customer_id, source_account_id, route, destination_kind, payee_id, bank_code,
        branch_code, account_type, account_number, holder_name, destination_account_id, amount, fee, status,
        ledger_transaction_id, business_day, factors_in_force, factors_presented, ip, user_agent, created_at,
        status_changed_at, status_note, scheduled_for, executed_at
        """

    /// Writes the transfer row (inside the transaction that posted its ledger entries).
    /// Writes the transfer and returns it as stored; nil (nothing written) when its 受付番号 is
    /// taken already, so the caller draws another. One statement: the number's unique index
    /// decides, and a second transfer of the same 確認画面 (its nonce) still fails loudly.
    public static func insert(_ db: any SQLDatabase, _ transfer: TransferRecord) async throws -> TransferRecord? {
        try await db.raw(insertStatement(transfer)).first().map(decode)
    }

    /// The insert, also written as a part of 実行's statements on PostgreSQL
    /// (`TransferExecutionRecords.insert`, `.postAndInsert`): no row returned when the 受付番号
    /// was taken. There the ledger transaction's id may be an expression (the posting made in the
    /// same statement), and the row is inserted only `when` a condition holds.
    static func insertStatement(_ transfer: TransferRecord, ledgerTransaction: SQLQueryString? = nil,
                                when condition: SQLQueryString? = nil) -> SQLQueryString {
        let ledger: SQLQueryString = ledgerTransaction ?? "\(bind: transfer.ledgerTransactionID)"
        let values: SQLQueryString = """
            \(bind: transfer.receptionNumber), \(bind: transfer.nonce), \(bind: transfer.customerID),
                \(bind: transfer.sourceAccountID), \(bind: transfer.route.rawValue), \(bind: transfer.destinationKind.rawValue),
                \(bind: transfer.payeeID), \(bind: transfer.bankCode), \(bind: transfer.branchCode),
                \(bind: transfer.accountType.rawValue), \(bind: transfer.accountNumber), \(bind: transfer.holderName),
                \(bind: transfer.destinationAccountID), \(bind: transfer.amount.value), \(bind: transfer.fee.value),
                \(bind: transfer.status.rawValue), \(ledger), \(bind: transfer.businessDay),
                \(bind: FactorRecord.encode(transfer.factors.inForce)), \(bind: FactorRecord.encode(transfer.factors.presented)),
                \(bind: transfer.ip), \(bind: transfer.userAgent), \(bind: transfer.createdAt.millis),
                \(bind: transfer.status == .completed ? transfer.createdAt.millis : nil), \(bind: transfer.scheduledFor)
            """
        return """
            INSERT INTO transfers (reception_number, nonce, customer_id, source_account_id, route, destination_kind, payee_id,
                bank_code, branch_code, account_type, account_number, holder_name, destination_account_id, amount, fee,
                status, ledger_transaction_id, business_day, factors_in_force, factors_presented, ip, user_agent, created_at,
                settled_at, scheduled_for)
            \(SQLQueryString.insertedRow(values, when: condition))
            ON CONFLICT (reception_number) DO NOTHING
            RETURNING \(unsafeRaw: columns)
            """
    }

    public static func find(_ db: any SQLDatabase, id: Int64) async throws -> TransferRecord? {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM transfers WHERE id = \(bind: id)").first().map(decode)
    }

    public static func find(_ db: any SQLDatabase, nonce: String) async throws -> TransferRecord? {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM transfers WHERE nonce = \(bind: nonce)").first().map(decode)
    }

    public static func findByReception(_ db: any SQLDatabase, _ number: String) async throws -> TransferRecord? {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM transfers WHERE reception_number = \(bind: number)").first().map(decode)
    }

    /// The amounts transferred on one business day (JST), for the daily limit. Returned
    /// transfers no longer count: the money came back; nor do 振替 between the customer's
    /// own accounts, which are no 振込 (the limit guards money leaving the customer). A 予約振込
    /// counts on the day it was booked (its `business_day`), not on its 振込指定日, unless cancelled or failed.
    public static func amountOnDay(_ db: any SQLDatabase, customerID: Int64, day: String) async throws -> Yen {
        let row = try await db.raw("SELECT \(amountOnDayExpression(customerID: customerID, day: day)) AS total").first()!
        return Yen(try row.decode(column: "total", as: Int64.self))
    }

    /// The day's sum as a scalar subquery, the rule written once: also a column of 実行's read
    /// after the customer's lock (`TransferExecutionRecords.postingFacts`).
    static func amountOnDayExpression(customerID: Int64, day: String) -> SQLQueryString {
        """
            (SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM transfers
             WHERE customer_id = \(bind: customerID) AND business_day = \(bind: day)
               AND status NOT IN ('returned', 'cancelled', 'insufficient_funds')
               AND destination_kind <> 'own')
            """
    }

    /// Newest first. `route` filters in SQL, before the limit, so a list of transfers to other
    /// banks is not cut short by the transfers inside the bank.
    public static func list(_ db: any SQLDatabase, customerID: Int64? = nil, status: TransferStatus? = nil,
                            route: TransferRoute? = nil, limit: Int = 100) async throws -> [TransferRecord] {
        var query = SQLQueryString("SELECT \(unsafeRaw: columns) FROM transfers WHERE 1 = 1")
        if let customerID { query.appendInterpolation(unsafeRaw: " AND customer_id = "); query.appendInterpolation(bind: customerID) }
        if let route { query.appendInterpolation(unsafeRaw: " AND route = "); query.appendInterpolation(bind: route.rawValue) }
        if let status { query.appendInterpolation(unsafeRaw: " AND status = "); query.appendInterpolation(bind: status.rawValue) }
        query.appendInterpolation(unsafeRaw: " ORDER BY id DESC LIMIT ")
        query.appendInterpolation(bind: limit)
        return try await db.raw(query).all().map(decode)
    }

    /// Moves a transfer on (受付済 → sent, sent/受付済 → returned) only from the status expected.
    public static func setStatus(_ db: any SQLDatabase, id: Int64, from expected: [TransferStatus], to status: TransferStatus,
                                 note: String?, at now: Date) async throws -> Bool {
        let allowed = expected.map { "'\($0.rawValue)'" }.joined(separator: ",")
        return try await db.raw("""
            UPDATE transfers SET status = \(bind: status.rawValue), status_changed_at = \(bind: now.millis), status_note = \(bind: note)
            WHERE id = \(bind: id) AND status IN (\(unsafeRaw: allowed))
            RETURNING id
            """).first() != nil
    }

    static func decode(_ row: any SQLRow) throws -> TransferRecord {
        TransferRecord(
            id: try row.decode(column: "id", as: Int64.self),
            receptionNumber: try row.decode(column: "reception_number", as: String.self),
            nonce: try row.decode(column: "nonce", as: String.self),
            customerID: try row.decode(column: "customer_id", as: Int64.self),
            sourceAccountID: try row.decode(column: "source_account_id", as: Int64.self),
            route: TransferRoute(rawValue: try row.decode(column: "route", as: String.self)) ?? .otherBank,
            destinationKind: DestinationKind(rawValue: try row.decode(column: "destination_kind", as: String.self)) ?? .other,
            payeeID: try row.decode(column: "payee_id", as: Int64?.self),
            bankCode: try row.decode(column: "bank_code", as: String.self),
            branchCode: try row.decode(column: "branch_code", as: String.self),
            accountType: AccountType(rawValue: try row.decode(column: "account_type", as: String.self)) ?? .ordinary,
            accountNumber: try row.decode(column: "account_number", as: String.self),
            holderName: try row.decode(column: "holder_name", as: String.self),
            destinationAccountID: try row.decode(column: "destination_account_id", as: Int64?.self),
            amount: Yen(try row.decode(column: "amount", as: Int64.self)),
            fee: Yen(try row.decode(column: "fee", as: Int64.self)),
            status: TransferStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .accepted,
            ledgerTransactionID: try row.decode(column: "ledger_transaction_id", as: Int64?.self),
            businessDay: try row.decode(column: "business_day", as: String.self),
            factors: FactorRecord(inForce: FactorRecord.decode(try row.decode(column: "factors_in_force", as: String.self)),
                                  presented: FactorRecord.decode(try row.decode(column: "factors_presented", as: String.self))),
            ip: try row.decode(column: "ip", as: String.self),
            userAgent: try row.decode(column: "user_agent", as: String.self),
            createdAt: Date(millis: try row.decode(column: "created_at", as: Int64.self)),
            statusChangedAt: try row.decode(column: "status_changed_at", as: Int64?.self).map(Date.init(millis:)),
            statusNote: try row.decode(column: "status_note", as: String?.self),
            scheduledFor: try row.decode(column: "scheduled_for", as: String?.self),
            executedAt: try row.decode(column: "executed_at", as: Int64?.self).map(Date.init(millis:)))
    }
}

public struct TransferConfirmationRecord: Sendable, Equatable {
    public var nonce: String
    public var customerID: Int64
    public var sessionHash: String
    /// The confirmed details as JSON (what the 確認画面 showed), so 実行 cannot change them.
    public var details: String
    public var createdAt: Date
    public var usedAt: Date?

    public init(nonce: String, customerID: Int64, sessionHash: String, details: String, createdAt: Date, usedAt: Date?) {
        self.nonce = nonce; self.customerID = customerID; self.sessionHash = sessionHash; self.details = details; self.createdAt = createdAt; self.usedAt = usedAt
    }
}

/// One row per 確認画面; 実行 uses it once.
public enum TransferConfirmationRecords {
    public static func insert(_ db: any SQLDatabase, _ record: TransferConfirmationRecord) async throws {
        try await db.raw("""
            INSERT INTO transfer_confirmations (nonce, customer_id, session_hash, details, created_at)
            VALUES (\(bind: record.nonce), \(bind: record.customerID), \(bind: record.sessionHash), \(bind: record.details),
                    \(bind: record.createdAt.millis))
            """).run()
    }

    public static func find(_ db: any SQLDatabase, nonce: String) async throws -> TransferConfirmationRecord? {
        guard let row = try await db.raw("""
            SELECT nonce, customer_id, session_hash, details, created_at, used_at FROM transfer_confirmations
            WHERE nonce = \(bind: nonce)
            """).first() else { return nil }
        return TransferConfirmationRecord(
            nonce: try row.decode(column: "nonce", as: String.self),
            customerID: try row.decode(column: "customer_id", as: Int64.self),
            sessionHash: try row.decode(column: "session_hash", as: String.self),
            details: try row.decode(column: "details", as: String.self),
            createdAt: Date(millis: try row.decode(column: "created_at", as: Int64.self)),
            usedAt: try row.decode(column: "used_at", as: Int64?.self).map(Date.init(millis:)))
    }

    /// Claims the confirmation for execution: true for exactly one caller, ever. Another
    /// request with the same nonce waits for this transaction and then finds it used.
    public static func markUsed(_ db: any SQLDatabase, nonce: String, at now: Date) async throws -> Bool {
        try await db.raw(markUsedStatement(nonce: nonce, at: now)).first() != nil
    }

    /// The claim as a statement, also a part of 実行's (`TransferExecutionRecords.claim`), with
    /// `condition` ANDed.
    static func markUsedStatement(nonce: String, at now: Date, and condition: String = "") -> SQLQueryString {
        """
            UPDATE transfer_confirmations SET used_at = \(bind: now.millis)
            WHERE nonce = \(bind: nonce) AND used_at IS NULL \(unsafeRaw: condition.isEmpty ? "" : "AND \(condition)")
            RETURNING nonce
            """
    }
}
