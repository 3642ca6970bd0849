import BankCore
import BankStore
import Foundation
import SQLKit

/// The back office's sessions (`staff_sessions`): `settings.staff.sessions` limits. Every view
/// records itself (no read-only shortcut): the back office is a handful of people on a short
/// idle limit, and its idle clock has always been exact to the request.
public enum StaffSessions: SessionKind {
    public static func policy(_ settings: BankSettings) -> SessionPolicy {
        var policy = settings.staff.sessions
        policy.touchGranularity = 0
        return policy
    }

    /// Only a member of staff who is not disabled keeps a session.
    public static func holder(_ db: any SQLDatabase, of session: StaffSessionRecord) async throws -> StaffRecord? {
        guard let staff = try await StaffRecords.find(db, id: session.staffRowID), !staff.isDisabled else { return nil }
        return staff
    }

    public static func view(_ staff: StaffRecord) -> StaffIdentity { StaffIdentity(staff) }

    public static func auditTimeout(_ db: any SQLDatabase, _ session: StaffSessionRecord, _ state: SessionPolicy.State,
                                    at now: Date) async throws {
        let staff = try await StaffRecords.find(db, id: session.staffRowID)
        try await AuditRecords.write(db, .staffSessionTimeout, .info, by: staff.map { AuditActor.staff($0.staffID) } ?? .unknownStaff,
                                     client: ClientInfo(ip: session.ip, userAgent: session.userAgent, channel: .staff),
                                     detail: [.code(state == .absoluteExpired ? .absolute : .idle)], at: now)
    }

    public static func loggedOut(_ db: any SQLDatabase, _ session: StaffSessionRecord, client: ClientInfo, at now: Date) async throws {
        let staff = try await StaffRecords.find(db, id: session.staffRowID)
        try await AuditRecords.write(db, .staffLogout, .success, by: staff.map { AuditActor.staff($0.staffID) } ?? .unknownStaff,
                                     client: client, at: now)
    }
}
