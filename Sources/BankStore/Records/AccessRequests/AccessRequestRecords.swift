import BankCore
import Foundation
import SQLKit

/// A maker-checker request (migration 6), with the staff IDs of who asked and who decided.
public struct AccessRequestRecord: Sendable, Equatable {
    public var id: Int64
    public var customerID: Int64
    /// The customer's ログインID and name, for lists that show many customers' requests.
    public var customerLoginID: String
    public var customerName: String
    public var kind: AccessRequestKind
    /// The credential of an unlock; empty for the other kinds.
    public var target: String
    /// The new 振込限度額 of a limit request (nil: back to the bank's default).
    public var amount: Yen?
    public var reason: String
    public var identityDocument: IdentityDocument?
    public var identityNote: String
    public var status: AccessRequestStatus
    public var requestedBy: Int64
    public var requestedByStaffID: String
    public var requestedAt: Date
    public var decidedBy: Int64?
    public var decidedByStaffID: String?
    public var decidedAt: Date?
    public var decisionNote: String
    /// What the approval did, in the audit trail's words (e.g. `cleared=otp`).
    public var outcome: String
    /// The new address of a 登録メールアドレス変更 (empty for the other kinds).
    public var newValue: String

    public var credential: Credential? { kind == .unlock ? Credential(rawValue: target) : nil }
}

public struct NewAccessRequest: Sendable {
    public var customerID: Int64
    public var kind: AccessRequestKind
    public var target: String
    public var amount: Yen?
    public var reason: String
    public var identityDocument: IdentityDocument?
    public var identityNote: String
    public var newValue: String

    public init(customerID: Int64, kind: AccessRequestKind, target: String = "", amount: Yen? = nil, reason: String,
                identityDocument: IdentityDocument? = nil, identityNote: String = "", newValue: String = "") {
        self.customerID = customerID; self.kind = kind; self.target = target; self.amount = amount
        self.reason = reason; self.identityDocument = identityDocument; self.identityNote = identityNote
        self.newValue = newValue
    }
}

public enum AccessRequestRecords {
    static let select = """
        SELECT r.id, r.customer_id, c.login_id, c.name_kanji, r.kind, r.target, r.amount, r.reason, r.identity_document, r.identity_note,
               r.status, r.requested_by, q.staff_id AS requested_by_staff_id, r.requested_at, r.decided_by,
               d.staff_id AS decided_by_staff_id, r.decided_at, r.decision_note, r.outcome, r.new_value
        FROM access_requests r
        JOIN customers c ON c.id = r.customer_id
        JOIN staff q ON q.id = r.requested_by
        LEFT JOIN staff d ON d.id = r.decided_by
        """

    /// Adds a pending request; nil when the same one is pending already (the partial unique
    /// index decides, so two clerks asking at once get one request).
    public static func insert(_ db: any SQLDatabase, _ new: NewAccessRequest, by staffRowID: Int64,
                              at now: Date) async throws -> AccessRequestRecord? {
        guard let row = try await db.raw("""
            INSERT INTO access_requests (customer_id, kind, target, amount, reason, identity_document, identity_note,
                                         status, requested_by, requested_at, new_value)
            VALUES (\(bind: new.customerID), \(bind: new.kind.rawValue), \(bind: new.target), \(bind: new.amount?.value),
                    \(bind: new.reason), \(bind: new.identityDocument?.rawValue), \(bind: new.identityNote),
                    'pending', \(bind: staffRowID), \(bind: now.millis), \(bind: new.newValue))
            ON CONFLICT (customer_id, kind, target) WHERE status = 'pending' DO NOTHING
            RETURNING id
            """).first() else { return nil }
        return try await find(db, id: try row.decode(column: "id", as: Int64.self))
    }

    public static func find(_ db: any SQLDatabase, id: Int64) async throws -> AccessRequestRecord? {
        try await db.raw("\(unsafeRaw: select) WHERE r.id = \(bind: id)").first().map(decode)
    }

    /// Newest first; `status` nil lists every status.
    public static func list(_ db: any SQLDatabase, status: AccessRequestStatus?, customerID: Int64? = nil,
                            limit: Int) async throws -> [AccessRequestRecord] {
        var query = SQLQueryString("\(unsafeRaw: select) WHERE 1 = 1")
        if let status { query += " AND r.status = \(bind: status.rawValue)" }
        if let customerID { query += " AND r.customer_id = \(bind: customerID)" }
        query += " ORDER BY r.requested_at DESC, r.id DESC LIMIT \(bind: max(1, min(limit, 1000)))"
        return try await db.raw(query).all().map(decode)
    }

    public static func countPending(_ db: any SQLDatabase) async throws -> Int {
        try await db.raw("SELECT COUNT(*) AS n FROM access_requests WHERE status = 'pending'").first()?
            .decode(column: "n", as: Int.self) ?? 0
    }

    /// Moves a pending request to its decision. False when it was no longer pending: of two
    /// supervisors approving at once, exactly one gets true.
    public static func decide(_ db: any SQLDatabase, id: Int64, as status: AccessRequestStatus, by staffRowID: Int64,
                              note: String, outcome: String = "", at now: Date) async throws -> Bool {
        try await db.raw("""
            UPDATE access_requests
            SET status = \(bind: status.rawValue), decided_by = \(bind: staffRowID), decided_at = \(bind: now.millis),
                decision_note = \(bind: note), outcome = \(bind: outcome)
            WHERE id = \(bind: id) AND status = 'pending'
            RETURNING id
            """).first() != nil
    }

    /// Records what the approval did, in the approving transaction.
    public static func setOutcome(_ db: any SQLDatabase, id: Int64, outcome: String) async throws {
        try await db.raw("UPDATE access_requests SET outcome = \(bind: outcome) WHERE id = \(bind: id)").run()
    }

    static func decode(_ row: any SQLRow) throws -> AccessRequestRecord {
        AccessRequestRecord(
            id: try row.decode(column: "id", as: Int64.self),
            customerID: try row.decode(column: "customer_id", as: Int64.self),
            customerLoginID: try row.decode(column: "login_id", as: String.self),
            customerName: try row.decode(column: "name_kanji", as: String.self),
            kind: AccessRequestKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .unlock,
            target: try row.decode(column: "target", as: String.self),
            amount: try row.decode(column: "amount", as: Int64?.self).map(Yen.init),
            reason: try row.decode(column: "reason", as: String.self),
            identityDocument: try row.decode(column: "identity_document", as: String?.self).flatMap(IdentityDocument.init(rawValue:)),
            identityNote: try row.decode(column: "identity_note", as: String.self),
            status: AccessRequestStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .pending,
            requestedBy: try row.decode(column: "requested_by", as: Int64.self),
            requestedByStaffID: try row.decode(column: "requested_by_staff_id", as: String.self),
            requestedAt: Date(millis: try row.decode(column: "requested_at", as: Int64.self)),
            decidedBy: try row.decode(column: "decided_by", as: Int64?.self),
            decidedByStaffID: try row.decode(column: "decided_by_staff_id", as: String?.self),
            decidedAt: try row.decode(column: "decided_at", as: Int64?.self).map(Date.init(millis:)),
            decisionNote: try row.decode(column: "decision_note", as: String.self),
            outcome: try row.decode(column: "outcome", as: String.self),
            newValue: try row.decode(column: "new_value", as: String.self))
    }
}
