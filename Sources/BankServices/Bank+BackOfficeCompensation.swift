import BankCore
import BankStore
import Foundation
import SQLKit

/// One login or transfer (or attempt at one) in a compensation report: when, from where,
/// which factors were in force and presented, and the notice's rule that applies.
public struct CompensationEntry: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case login, transfer
    }

    public var kind: Kind
    public var at: Date
    /// The audit event (`login`, `login_password`, `login_otp`, `transfer`,
    /// `confirmation_password`, `mail_password`).
    public var event: String
    public var result: AuditEvent.Result
    public var ip: String
    public var userAgent: String
    public var factors: FactorRecord
    public var assessment: CompensationAssessment
    public var detail: String
    /// The transfer made, for a transfer that went through.
    public var transfer: TransferRecord?
}

/// 補償判定資料: for a customer and period, or for one transfer.
public struct CompensationReport: Sendable, Equatable {
    public var customer: CustomerSummary
    public var from: Date
    /// Exclusive.
    public var to: Date
    /// The transfer the report was made for, if it was made for one.
    public var transfer: TransferRecord?
    /// Oldest first.
    public var entries: [CompensationEntry]
    /// The customer's extra factor now, and the rule that would apply today.
    public var factorsNow: FactorOverview
    public var assessmentNow: CompensationAssessment
    public var generatedAt: Date
    /// The 職員ID of the member of staff who made it.
    public var generatedBy: String

    public var noticeSentence: String { CompensationAssessment.noticeSentence }
    /// The longest period one report covers.
    public static let maximumDays = 366
}

extension Bank {
    /// 補償判定資料 for a customer and a period [from, to).
    public func compensationReport(customerID: Int64, from: Date, to: Date, by staff: StaffRecord,
                                   client: ClientInfo? = nil) async throws -> CompensationReport {
        try requireRole(staff, allowed: StaffRole.readers)
        if to <= from { throw BankError.invalidInput([FieldError(field: "from", messageKey: "error.date.order")]) }
        if to.timeIntervalSince(from) > Double(CompensationReport.maximumDays) * 86_400 {
            throw BankError.invalidInput([FieldError(field: "from", messageKey: "error.date.range_too_long")])
        }
        return try await report(customerID: customerID, from: from, to: to, transfer: nil, by: staff, client: client,
                                purpose: "compensation_report from=\(AuditCSV.isoJST(from)) to=\(AuditCSV.isoJST(to))")
    }

    /// 補償判定資料 for one transfer: the transfer and everything in the time its session may
    /// have lasted before it (the absolute session limit), so the login that led to it is there.
    public func compensationReport(transferID: Int64, by staff: StaffRecord,
                                   client: ClientInfo? = nil) async throws -> CompensationReport {
        try requireRole(staff, allowed: StaffRole.readers)
        guard let transfer = try await database.read({ db in try await TransferRecords.find(db, id: transferID) }) else {
            throw BankError.transferNotFound
        }
        return try await report(customerID: transfer.customerID,
                                from: transfer.createdAt.addingTimeInterval(-settings.sessions.absoluteTimeout),
                                to: transfer.createdAt.addingTimeInterval(0.001), transfer: transfer, by: staff, client: client,
                                purpose: "compensation_report transfer=\(transfer.receptionNumber)")
    }

    private func report(customerID: Int64, from: Date, to: Date, transfer: TransferRecord?, by staff: StaffRecord,
                        client: ClientInfo?, purpose: String) async throws -> CompensationReport {
        let now = clock.now()
        return try await database.transaction { db in
            guard let customer = try await CustomerRecords.find(db, id: customerID) else { throw BankError.customerNotFound }
            let (state, token) = try await extraFactorState(db, customerID: customerID, at: now)
            let factorsNow = FactorOverview(
                state: state, token: token, mailPassword: try await MailPasswordSettingRecords.find(db, customerID: customerID),
                otpLocked: try await CredentialRecords.state(db, customerID: customerID, credential: .otp).isLocked)
            let entries = try await compensationEntries(db, customerID: customerID, from: from, to: to)
            try await auditStaffView(db, staff, client: client, customerID: customer.id, loginID: customer.loginID,
                                     detail: "\(purpose) entries=\(entries.count)", at: now)
            return CompensationReport(
                customer: try await CustomerSummary.load(db, customer),
                from: from, to: to, transfer: transfer, entries: entries, factorsNow: factorsNow,
                assessmentNow: CompensationAssessment.assess(state: state), generatedAt: now, generatedBy: staff.staffID)
        }
    }

    /// Logins and login attempts from the audit trail; transfers from the transfers table
    /// (each carries its factors, IP and user agent); refused transfers and wrong passwords
    /// given at 実行 from the audit trail. In time order.
    private func compensationEntries(_ db: any SQLDatabase, customerID: Int64, from: Date,
                                     to: Date) async throws -> [CompensationEntry] {
        let limit = 10_000
        var entries: [CompensationEntry] = []
        for event in try await AuditRecords.search(
            db, AuditQuery(customerID: customerID, events: CustomerDetail.loginEvents, from: from, to: to), limit: limit,
            oldestFirst: true) {
            entries.append(entry(.login, event))
        }
        for event in try await AuditRecords.search(
            db, AuditQuery(customerID: customerID, events: ["transfer", "confirmation_password", "mail_password"], from: from, to: to),
            limit: limit, oldestFirst: true)
        where event.result != .success && (event.event == "transfer" || event.detail.hasPrefix("transfer")) {
            entries.append(entry(.transfer, event))
        }
        for transfer in try await TransferRecords.list(db, customerID: customerID, from: from, to: to, limit: limit) {
            entries.append(CompensationEntry(
                kind: .transfer, at: transfer.createdAt, event: "transfer", result: .success, ip: transfer.ip,
                userAgent: transfer.userAgent, factors: transfer.factors, assessment: .assess(transfer.factors),
                detail: "reception=\(transfer.receptionNumber) amount=\(transfer.amount.value) fee=\(transfer.fee.value) status=\(transfer.status.rawValue)",
                transfer: transfer))
        }
        // Stable: rows of one moment keep the order they were read in (logins first).
        return entries.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
    }

    private func entry(_ kind: CompensationEntry.Kind, _ event: AuditEvent) -> CompensationEntry {
        CompensationEntry(kind: kind, at: event.at, event: event.event, result: event.result, ip: event.ip,
                          userAgent: event.userAgent, factors: event.factors, assessment: .assess(event.factors),
                          detail: event.detail, transfer: nil)
    }
}
