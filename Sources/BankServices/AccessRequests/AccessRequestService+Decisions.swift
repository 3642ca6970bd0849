import BankCore
import BankStore
import Foundation
import SQLKit

/// Deciding a maker-checker request: a 役席 other than the one who asked approves (the
/// change is made in the same transaction) or rejects; the one who asked may withdraw.
/// Refused attempts are audited too: an attempt to approve one's own request is exactly
/// what the audit trail is for.
extension AccessRequestService {
    public func approve(id: Int64, note rawNote: String, by actor: BankActor,
                        client: ClientInfo) async throws -> AccessRequestView {
        let staff = try actor.requireStaffIdentity()
        guard let note = AccessRequestRules.normalizeNote(rawNote, required: false) else {
            throw BankError.invalidInput([FieldError(field: "note", messageKey: "error.access_request.note")])
        }
        let decided = try await decide(id: id, as: .approved, note: note, by: staff, client: client) { db, request, now in
            try await self.carryOut(db, request, approver: staff, client: client, at: now)
        }
        mailNotifier.notify()
        return decided
    }

    /// Rejecting needs a note: the member of staff who asked must learn why.
    public func reject(id: Int64, note rawNote: String, by actor: BankActor,
                       client: ClientInfo) async throws -> AccessRequestView {
        let staff = try actor.requireStaffIdentity()
        guard let note = AccessRequestRules.normalizeNote(rawNote, required: true) else {
            throw BankError.invalidInput([FieldError(field: "note", messageKey: "error.access_request.reject_note")])
        }
        return try await decide(id: id, as: .rejected, note: note, by: staff, client: client) { _, _, _ in .none }
    }

    public func withdraw(id: Int64, by actor: BankActor, client: ClientInfo) async throws -> AccessRequestView {
        let staff = try actor.requireStaffIdentity()
        return try await decide(id: id, as: .withdrawn, note: "", by: staff, client: client) { _, _, _ in .none }
    }

    /// Checks the rules, claims the pending request (one of two racing deciders wins), then
    /// does `action`, all in one transaction: a failed action leaves the request pending.
    private func decide(id: Int64, as status: AccessRequestStatus, note: String, by staff: StaffIdentity, client: ClientInfo,
                        action: @escaping @Sendable (any SQLDatabase, AccessRequestRecord, Date) async throws -> AuditDetail)
        async throws -> AccessRequestView {
        let now = clock.now()
        let event = AuditEventName.accessDecided(status)
        do {
            return try await database.transaction { db in
                guard let request = try await AccessRequestRecords.find(db, id: id) else { throw BankError.accessRequest(.notFound) }
                try checkDecision(request, as: status, by: staff)
                guard try await AccessRequestRecords.decide(db, id: id, as: status, by: staff.id, note: note, at: now) else {
                    throw BankError.accessRequest(.alreadyDecided)
                }
                let outcome = try await action(db, request, now).storedText
                if !outcome.isEmpty { try await AccessRequestRecords.setOutcome(db, id: id, outcome: outcome) }
                try await AuditRecords.write(
                    db, event, .success, by: .staff(staff.loginID), customerID: request.customerID, loginID: request.customerLoginID,
                    client: client,
                    detail: [.field(.request, id), .field(.kind, request.kind.rawValue), .field(.requestedBy, request.requestedByStaffID)]
                        + (outcome.isEmpty ? .none : [.field(.outcome, outcome)]) + (note.isEmpty ? .none : [.field(.note, note)]),
                    at: now)
                return AccessRequestView(try await AccessRequestRecords.find(db, id: id)!)
            }
        } catch let BankError.accessRequest(refusal) where refusal != .notFound {
            try await auditRefusedDecision(id: id, event: event, refusal: refusal, by: staff, client: client, at: now)
            throw BankError.accessRequest(refusal)
        } catch let BankError.scheduleRefused(refusal) {
            // A 予約取消 approved after the bank's cut-off (or after the booking ended): refused,
            // audited, and the request stays pending for a rejection or withdrawal.
            try await auditRefusedDecision(id: id, event: event, reason: String(refusal.messageKey.split(separator: ".").last ?? ""), by: staff, client: client, at: now)
            throw BankError.scheduleRefused(refusal)
        } catch BankError.staff(.forbidden) {
            try await auditRefusedDecision(id: id, event: event, refusal: .notApprover, by: staff, client: client, at: now)
            throw BankError.staff(.forbidden)
        }
    }

    private func checkDecision(_ request: AccessRequestRecord, as status: AccessRequestStatus, by staff: StaffIdentity) throws {
        guard !staff.isDisabled else { throw BankError.staff(.forbidden) }
        do {
            if status == .withdrawn {
                try AccessRequestRules.checkWithdrawal(status: request.status, requestedBy: request.requestedBy, by: staff.id)
            } else {
                try AccessRequestRules.checkDecision(status: request.status, requestedBy: request.requestedBy,
                                                     decider: staff.id, deciderRole: staff.role)
            }
        } catch {
            throw BankError.accessRequest(error)
        }
    }

    private func auditRefusedDecision(id: Int64, event: AuditEventName, refusal: AccessRequestRefusal, by staff: StaffIdentity,
                                      client: ClientInfo, at now: Date) async throws {
        try await auditRefusedDecision(id: id, event: event, reason: String(refusal.messageKey.split(separator: ".").last ?? ""),
                                       by: staff, client: client, at: now)
    }

    private func auditRefusedDecision(id: Int64, event: AuditEventName, reason: String, by staff: StaffIdentity,
                                      client: ClientInfo, at now: Date) async throws {
        try await database.transaction { db in
            let request = try await AccessRequestRecords.find(db, id: id)
            try await AuditRecords.write(db, event, .refused, by: .staff(staff.loginID), customerID: request?.customerID,
                                         loginID: request?.customerLoginID, client: client,
                                         detail: [.field(.request, id), .field(.refused, reason)],
                                         at: now)
        }
    }
}
