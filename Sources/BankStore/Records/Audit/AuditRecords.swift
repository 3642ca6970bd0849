import BankCore
import Foundation
import SQLKit

/// One row of the audit trail: who, when, from where, what, with which result, and which
/// factors were in force and presented (for the compensation assessment).
public struct AuditEvent: Sendable, Equatable, Codable {
    public enum Result: String, Sendable, Codable {
        case success, failure, refused, info
    }

    public var id: Int64?
    public var at: Date
    public var event: String
    public var result: Result
    public var actor: String
    public var customerID: Int64?
    public var loginID: String?
    public var ip: String
    public var userAgent: String
    public var factors: FactorRecord
    public var detail: String
    /// The request that wrote the row (its X-Request-ID); nil for the bank's own jobs and older rows.
    public var requestID: String?
    /// Through which door the action came: web, api, staff or cli (ClientChannel's raw values).
    public var channel: String

    public init(id: Int64? = nil, at: Date, event: String, result: Result, actor: String, customerID: Int64? = nil,
                loginID: String? = nil, ip: String = "", userAgent: String = "", factors: FactorRecord = .none,
                detail: String = "", requestID: String? = nil, channel: String = "web") {
        self.id = id; self.at = at; self.event = event; self.result = result; self.actor = actor
        self.customerID = customerID; self.loginID = loginID; self.ip = ip; self.userAgent = userAgent
        self.factors = factors; self.detail = detail; self.requestID = requestID; self.channel = channel
    }
}

/// An audit row built the one way the services build them (`AuditRecords.row` in BankServices,
/// behind the SPI like `append`), for a statement that writes it together with the change it
/// records (実行's transfer row, the login's new session: issue 20).
public struct AuditRow: Sendable {
    let event: AuditEvent
    @_spi(AuditWriting) public init(_ event: AuditEvent) { self.event = event }
}

/// The audit trail (Store+Audit). Rows are only ever appended.
public enum AuditRecords {
    /// The raw row writer, behind an SPI so that ordinary importers cannot call it: the services
    /// write through `AuditRecords.write` (BankServices/Audit/AuditRecords+Write.swift), the one
    /// place that builds a row from a typed event name, actor and detail.
    @_spi(AuditWriting) public static func append(_ db: any SQLDatabase, _ event: AuditEvent) async throws {
        try await db.raw("INSERT INTO audit_events (\(unsafeRaw: appendedColumns)) VALUES (\(appendedValues(event)))").run()
    }

    /// A row's columns and values, written once: also the part of a statement that writes the
    /// row with the change it records (`appendStatement`: 実行's transfer row, the OTP login).
    static let appendedColumns = """
        at, event, result, actor, customer_id, login_id, ip, user_agent, factors_in_force, factors_presented, detail,
        request_id, channel
        """

    /// The row's insert as a part of a statement that writes it only `when` the change it records
    /// was made (a condition on that part's rows): `INSERT … SELECT`, whose parameters PostgreSQL
    /// types from the columns as it does `VALUES`'.
    static func appendStatement(_ event: AuditEvent, when condition: String) -> SQLQueryString {
        "INSERT INTO audit_events (\(unsafeRaw: appendedColumns)) SELECT \(appendedValues(event)) WHERE \(unsafeRaw: condition)"
    }

    static func appendedValues(_ event: AuditEvent) -> SQLQueryString {
        """
            \(bind: event.at.millis), \(bind: event.event), \(bind: event.result.rawValue), \(bind: event.actor),
            \(bind: event.customerID), \(bind: event.loginID), \(bind: String(event.ip.prefix(64))),
            \(bind: String(event.userAgent.prefix(512))), \(bind: FactorRecord.encode(event.factors.inForce)),
            \(bind: FactorRecord.encode(event.factors.presented)), \(bind: event.detail),
            \(bind: event.requestID.map { String($0.prefix(128)) }), \(bind: event.channel)
            """
    }

    public static func list(_ db: any SQLDatabase, customerID: Int64? = nil, event: String? = nil,
                            limit: Int = 200) async throws -> [AuditEvent] {
        var query = SQLQueryString("""
            SELECT \(unsafeRaw: columns) FROM audit_events WHERE 1 = 1
            """)
        if let customerID { query += " AND customer_id = \(bind: customerID)" }
        if let event { query += " AND event = \(bind: event)" }
        query += " ORDER BY id DESC LIMIT \(bind: limit)"
        return try await db.raw(query).all().map(decode)
    }

    static let columns = """
        id, at, event, result, actor, customer_id, login_id, ip, user_agent, factors_in_force, factors_presented, detail,
        request_id, channel
        """

    static func decode(_ row: any SQLRow) throws -> AuditEvent {
        AuditEvent(
            id: try row.decode(column: "id", as: Int64.self),
            at: Date(millis: try row.decode(column: "at", as: Int64.self)),
            event: try row.decode(column: "event", as: String.self),
            result: AuditEvent.Result(rawValue: try row.decode(column: "result", as: String.self)) ?? .info,
            actor: try row.decode(column: "actor", as: String.self),
            customerID: try row.decode(column: "customer_id", as: Int64?.self),
            loginID: try row.decode(column: "login_id", as: String?.self),
            ip: try row.decode(column: "ip", as: String.self),
            userAgent: try row.decode(column: "user_agent", as: String.self),
            factors: FactorRecord(inForce: FactorRecord.decode(try row.decode(column: "factors_in_force", as: String.self)),
                                  presented: FactorRecord.decode(try row.decode(column: "factors_presented", as: String.self))),
            detail: try row.decode(column: "detail", as: String.self),
            requestID: try row.decode(column: "request_id", as: String?.self),
            channel: try row.decode(column: "channel", as: String.self))
    }
}
