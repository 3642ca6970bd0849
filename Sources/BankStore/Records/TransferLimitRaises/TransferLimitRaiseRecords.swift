import BankCore
import Foundation
import SQLKit

/// A raise as stored (migration 11), with who ended it.
public struct TransferLimitRaiseRecord: Sendable, Equatable {
    public var raise: LimitRaise
    public var customerID: Int64
    /// `customer`, `staff:<職員ID>`, or the command line's name; empty while open.
    public var endedBy: String
    public var ip: String
    public var userAgent: String
}

/// A raise still waiting, with whose it is: the back office's list.
public struct PendingLimitRaiseRow: Sendable, Equatable {
    public var record: TransferLimitRaiseRecord
    public var loginID: String
    public var nameKanji: String
    public var nameKana: String
}

/// 振込限度額の引上げ (migration 11).
public enum TransferLimitRaiseRecords {
    static let columns = """
        r.id, r.customer_id, r.amount, r.previous_limit, r.requested_at, r.effective_at, r.ended_at, r.end_reason,
        r.ended_by, r.ip, r.user_agent
        """

    public static func insert(_ db: any SQLDatabase, customerID: Int64, amount: Yen, previous: Yen, requestedAt: Date,
                              effectiveAt: Date, ip: String, userAgent: String) async throws -> TransferLimitRaiseRecord {
        let row = try await db.raw("""
            INSERT INTO transfer_limit_raises (customer_id, amount, previous_limit, requested_at, effective_at, ip, user_agent)
            VALUES (\(bind: customerID), \(bind: amount.value), \(bind: previous.value), \(bind: requestedAt.millis),
                    \(bind: effectiveAt.millis), \(bind: ip), \(bind: String(userAgent.prefix(512))))
            RETURNING id
            """).first()
        guard let id = try row?.decode(column: "id", as: Int64.self), let record = try await find(db, id: id) else {
            throw StoreError.notFound
        }
        return record
    }

    public static func find(_ db: any SQLDatabase, id: Int64) async throws -> TransferLimitRaiseRecord? {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM transfer_limit_raises r WHERE r.id = \(bind: id)").first().map(decode)
    }

    /// What makes a raise relevant, also 実行's count of them (`TransferExecutionRecords.postingFacts`).
    static let relevantCondition = "(r.ended_at IS NULL OR r.ended_at > r.effective_at)"

    /// The customer's raises that applied or may still apply (those ended before they were due
    /// never count), newest first: what the limit in force is computed from.
    public static func relevant(_ db: any SQLDatabase, customerID: Int64) async throws -> [LimitRaise] {
        try await db.raw("""
            SELECT \(unsafeRaw: columns) FROM transfer_limit_raises r
            WHERE r.customer_id = \(bind: customerID) AND \(unsafeRaw: relevantCondition)
            ORDER BY r.id DESC
            """).all().map { try decode($0).raise }
    }

    /// Every raise of the customer, newest first (顧客詳細's history).
    public static func forCustomer(_ db: any SQLDatabase, customerID: Int64, limit: Int = 20) async throws -> [TransferLimitRaiseRecord] {
        try await db.raw("""
            SELECT \(unsafeRaw: columns) FROM transfer_limit_raises r WHERE r.customer_id = \(bind: customerID)
            ORDER BY r.id DESC LIMIT \(bind: max(1, min(limit, 1000)))
            """).all().map(decode)
    }

    /// Ends the customer's open raises (`pendingOnly`: only those not yet due at `now`).
    /// Returns the rows ended.
    public static func end(_ db: any SQLDatabase, customerID: Int64, pendingOnly: Bool, reason: LimitRaise.EndReason,
                           by endedBy: String, at now: Date) async throws -> [TransferLimitRaiseRecord] {
        var query = SQLQueryString("""
            UPDATE transfer_limit_raises SET ended_at = \(bind: now.millis), end_reason = \(bind: reason.rawValue),
                   ended_by = \(bind: endedBy)
            WHERE customer_id = \(bind: customerID) AND ended_at IS NULL
            """)
        if pendingOnly { query += " AND effective_at > \(bind: now.millis)" }
        query += " RETURNING id"
        var ended: [TransferLimitRaiseRecord] = []
        for row in try await db.raw(query).all() {
            if let record = try await find(db, id: try row.decode(column: "id", as: Int64.self)) { ended.append(record) }
        }
        return ended.sorted { $0.raise.id < $1.raise.id }
    }

    /// Cancels one raise still waiting at `now`; nil when it is not (any more): already due,
    /// ended, or another customer's.
    public static func cancel(_ db: any SQLDatabase, id: Int64, customerID: Int64?, reason: LimitRaise.EndReason,
                              by endedBy: String, at now: Date) async throws -> TransferLimitRaiseRecord? {
        var query = SQLQueryString("""
            UPDATE transfer_limit_raises SET ended_at = \(bind: now.millis), end_reason = \(bind: reason.rawValue),
                   ended_by = \(bind: endedBy)
            WHERE id = \(bind: id) AND ended_at IS NULL AND effective_at > \(bind: now.millis)
            """)
        if let customerID { query += " AND customer_id = \(bind: customerID)" }
        query += " RETURNING id"
        guard try await db.raw(query).first() != nil else { return nil }
        return try await find(db, id: id)
    }

    /// Every raise waiting at `now`, soonest due first, with the customer's ID and name.
    public static func pending(_ db: any SQLDatabase, at now: Date, limit: Int = 500) async throws -> [PendingLimitRaiseRow] {
        try await db.raw("""
            SELECT \(unsafeRaw: columns), c.login_id, c.name_kanji, c.name_kana
            FROM transfer_limit_raises r JOIN customers c ON c.id = r.customer_id
            WHERE r.ended_at IS NULL AND r.effective_at > \(bind: now.millis)
            ORDER BY r.effective_at, r.id LIMIT \(bind: max(1, min(limit, 1000)))
            """).all().map { row in
                PendingLimitRaiseRow(record: try decode(row), loginID: try row.decode(column: "login_id", as: String.self),
                                     nameKanji: try row.decode(column: "name_kanji", as: String.self),
                                     nameKana: try row.decode(column: "name_kana", as: String.self))
            }
    }

    static func decode(_ row: any SQLRow) throws -> TransferLimitRaiseRecord {
        let raise = LimitRaise(
            id: try row.decode(column: "id", as: Int64.self),
            amount: Yen(try row.decode(column: "amount", as: Int64.self)),
            previous: Yen(try row.decode(column: "previous_limit", as: Int64.self)),
            requestedAt: Date(millis: try row.decode(column: "requested_at", as: Int64.self)),
            effectiveAt: Date(millis: try row.decode(column: "effective_at", as: Int64.self)),
            endedAt: try row.decode(column: "ended_at", as: Int64?.self).map(Date.init(millis:)),
            endReason: try row.decode(column: "end_reason", as: String?.self).flatMap(LimitRaise.EndReason.init(rawValue:)))
        return TransferLimitRaiseRecord(
            raise: raise, customerID: try row.decode(column: "customer_id", as: Int64.self),
            endedBy: try row.decode(column: "ended_by", as: String.self),
            ip: try row.decode(column: "ip", as: String.self), userAgent: try row.decode(column: "user_agent", as: String.self))
    }
}
