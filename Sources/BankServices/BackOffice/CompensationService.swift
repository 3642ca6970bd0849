import BankCore
import BankStore
import Foundation
import SQLKit

/// 補償判定資料: for a customer and period, or for one transfer, every login and transfer with
/// the factors in force and presented and the notice's rule that applies. Every role reads;
/// each report is audited as a `staff_view`.
public struct CompensationService: BankUseCase {
    public let context: BankContext

    public init(context: BankContext) {
        self.context = context
    }
}

extension CompensationService {
    /// 補償判定資料 for a customer and a period [from, to).
    public func report(customerID: Int64, from: Date, to: Date, by actor: BankActor,
                                   client: ClientInfo? = nil) async throws -> CompensationReport {
        try actor.requireStaff(StaffRole.readers)
        if to <= from { throw BankError.invalidInput([FieldError(field: "from", messageKey: "error.date.order")]) }
        if to.timeIntervalSince(from) > Double(CompensationReport.maximumDays) * 86_400 {
            throw BankError.invalidInput([FieldError(field: "from", messageKey: "error.date.range_too_long")])
        }
        return try await makeReport(customerID: customerID, from: from, to: to, transfer: nil, by: actor, client: client,
                                purpose: [.code(.compensationReport), .field(.from, AuditCSV.isoJST(from)), .field(.to, AuditCSV.isoJST(to))])
    }

    /// 補償判定資料 for one transfer: the transfer and everything in the time its session may
    /// have lasted before it (the absolute session limit), so the login that led to it is there.
    public func report(transferID: Int64, by actor: BankActor,
                                   client: ClientInfo? = nil) async throws -> CompensationReport {
        try actor.requireStaff(StaffRole.readers)
        guard let transfer = try await database.read({ db in try await TransferRecords.find(db, id: transferID) }) else {
            throw BankError.transferNotFound
        }
        return try await makeReport(customerID: transfer.customerID,
                                from: transfer.createdAt.addingTimeInterval(-settings.sessions.absoluteTimeout),
                                to: transfer.createdAt.addingTimeInterval(0.001), transfer: transfer, by: actor, client: client,
                                purpose: [.code(.compensationReport), .field(.transfer, transfer.receptionNumber)])
    }

    private func makeReport(customerID: Int64, from: Date, to: Date, transfer: TransferRecord?, by actor: BankActor,
                        client: ClientInfo?, purpose: AuditDetail) async throws -> CompensationReport {
        let now = clock.now()
        return try await database.transaction { db in
            let customer = try await customer(db, id: customerID)
            let (state, token) = try await extraFactorState(db, customerID: customerID, at: now)
            let factorsNow = FactorOverview(
                state: state, token: token, mailPassword: try await MailPasswordSettingRecords.find(db, customerID: customerID),
                otpLocked: try await CredentialRecords.state(db, customerID: customerID, credential: .otp).isLocked)
            let entries = try await compensationEntries(db, customerID: customerID, from: from, to: to)
            try await auditStaffView(db, actor, client: client, customerID: customer.id, loginID: customer.loginID,
                                     detail: purpose + [.field(.entries, entries.count)], at: now)
            var report = CompensationReport(
                customer: try await CustomerSummary.load(db, customer),
                from: from, to: to, transfer: transfer.map(TransferView.init), entries: entries, factorsNow: factorsNow,
                assessmentNow: CompensationAssessment.assess(state: state), generatedAt: now, generatedBy: actor.recordedName)
            if let transfer {
                report.transferLimitRaise = LimitInForce.raise(
                    at: transfer.createdAt, raises: try await TransferLimitRaiseRecords.relevant(db, customerID: customerID))
            }
            return report
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
            db, AuditQuery(customerID: customerID, events: AuditEventName.transferAttempts.map(\.rawValue), from: from, to: to),
            limit: limit, oldestFirst: true)
        where event.result != .success && (event.name == .transfer || AuditDetail(stored: event.detail).leadingCode == .transfer) {
            entries.append(entry(.transfer, event))
        }
        let raises = try await TransferLimitRaiseRecords.relevant(db, customerID: customerID)
        for transfer in try await TransferRecords.list(db, customerID: customerID, from: from, to: to, limit: limit) {
            entries.append(CompensationEntry(
                kind: .transfer, at: transfer.createdAt, event: AuditEventName.transfer.rawValue, result: .success, ip: transfer.ip,
                userAgent: transfer.userAgent, factors: transfer.factors, assessment: .assess(transfer.factors),
                detail: "reception=\(transfer.receptionNumber) amount=\(transfer.amount.value) fee=\(transfer.fee.value) status=\(transfer.status.rawValue)",
                transfer: TransferView(transfer),
                loginNotice: try await LoginNoticeView.load(db, transferNonce: transfer.nonce),
                limitRaise: LimitInForce.raise(at: transfer.createdAt, raises: raises)))
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
