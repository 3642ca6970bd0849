import BankCore
// The SPI gives this file alone the raw row writer it wraps.
@_spi(AuditWriting) import BankStore
import Foundation
import SQLKit

extension AuditRecords {
    /// The one way the services write the audit trail: a named event, its result, who acted,
    /// whose it is, from where (`client`; nil for the bank's own jobs: channel cli, or the request's
    /// id and channel when a request is being answered), the factors, and the
    /// typed detail, in the caller's transaction.
    public static func write(_ db: any SQLDatabase, _ name: AuditEventName, _ result: AuditEvent.Result, by actor: AuditActor,
                             customerID: Int64? = nil, loginID: String? = nil, client: ClientInfo? = nil,
                             factors: FactorRecord = .none, detail: AuditDetail = .none, at now: Date) async throws {
        try await append(db, event(name, result, by: actor, customerID: customerID, loginID: loginID, client: client,
                                   factors: factors, detail: detail, at: now))
    }

    /// The row `write` would write, for a statement that writes it with the change it records
    /// (`TransferExecutionRecords.insert`, `SessionRecords.replaceOnLogin`).
    public static func row(_ name: AuditEventName, _ result: AuditEvent.Result, by actor: AuditActor, customerID: Int64? = nil,
                           loginID: String? = nil, client: ClientInfo? = nil, factors: FactorRecord = .none,
                           detail: AuditDetail = .none, at now: Date) -> AuditRow {
        AuditRow(event(name, result, by: actor, customerID: customerID, loginID: loginID, client: client, factors: factors,
                       detail: detail, at: now))
    }

    private static func event(_ name: AuditEventName, _ result: AuditEvent.Result, by actor: AuditActor, customerID: Int64?,
                              loginID: String?, client: ClientInfo?, factors: FactorRecord, detail: AuditDetail,
                              at now: Date) -> AuditEvent {
        AuditEvent(
            at: now, event: name.rawValue, result: result, actor: actor.storedText, customerID: customerID, loginID: loginID,
            ip: client?.ip ?? "", userAgent: client?.userAgent ?? "", factors: factors, detail: detail.storedText,
            requestID: client?.requestID ?? RequestIdentity.current?.requestID,
            channel: (client?.channel ?? RequestIdentity.current?.channel ?? .cli).rawValue)
    }
}

extension AuditEvent {
    /// The event as the services name it; nil only for a row no version of this bank wrote.
    public var name: AuditEventName? { AuditEventName(rawValue: event) }
}

extension ClientInfo {
    /// The demo data loader, which writes history as if at the counter.
    static let demo = ClientInfo(ip: "", userAgent: "kyoei-demo", channel: .cli)
}
