import BankCore
import BankStore
import Foundation

/// One row of the audit trail as 監査ログ, 顧客詳細's recent logins and the CSV read it (the
/// services never write a secret to the trail). Encodable with the stored row's keys, for
/// `kyoei admin audit --json`.
public struct AuditEventView: Sendable, Equatable, Encodable {
    public var id: Int64?
    public var at: Date
    public var event: String
    public var result: AuditEvent.Result
    public var actor: String
    public var customerID: Int64?
    public var loginID: String?
    public var ip: String
    public var userAgent: String
    public var factors: FactorRecord
    public var detail: String
    /// The request that wrote the row (the X-Request-ID of its access log line); nil for jobs.
    public var requestID: String?
    /// web, api, staff or cli.
    public var channel: String

    init(_ record: AuditEvent) {
        id = record.id; at = record.at; event = record.event; result = record.result; actor = record.actor
        customerID = record.customerID; loginID = record.loginID; ip = record.ip; userAgent = record.userAgent
        factors = record.factors; detail = record.detail; requestID = record.requestID; channel = record.channel
    }
}
