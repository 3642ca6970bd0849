import BankCore
import BankStore
import Foundation
import SQLKit

/// A new member of staff and the TOTP secret for their authenticator app, shown this once
/// (the bank keeps it sealed and never prints it again).
public struct StaffEnrollment: Sendable, Equatable {
    public var staff: StaffRecord
    /// The secret in Base32, for typing into an app by hand.
    public var secretBase32: String
    /// `otpauth://totp/…`, for a QR code.
    public var otpauthURI: String
}

extension Bank {
    /// Adds a member of staff (`kyoei admin staff create`) with a new TOTP secret. Every field
    /// is checked and all errors are reported at once. Audited as `staff_created`.
    public func createStaff(staffID rawStaffID: String, name rawName: String, role: StaffRole, password: String,
                            createdBy: String) async throws -> StaffEnrollment {
        try await enrollStaff(staffID: rawStaffID, name: rawName, role: role, password: password,
                              secret: TOTP.generateSecret(random: random), createdBy: createdBy)
    }

    /// `createStaff` with a given secret: the demo's staff have fixed, public ones.
    func enrollStaff(staffID rawStaffID: String, name rawName: String, role: StaffRole, password: String,
                     secret: [UInt8], createdBy: String) async throws -> StaffEnrollment {
        var errors: [FieldError] = []
        var staffID = ""
        do { staffID = try StaffPolicy.validateStaffID(rawStaffID) } catch {
            errors.append(FieldError(field: "staff_id", messageKey: error.messageKey))
        }
        var name = ""
        do { name = try StaffPolicy.validateName(rawName) } catch {
            errors.append(FieldError(field: "name", messageKey: error.messageKey))
        }
        do { try StaffPolicy.validatePassword(password, staffID: staffID) } catch {
            errors.append(FieldError(field: "password", messageKey: error.messageKey))
        }
        guard errors.isEmpty else { throw BankError.invalidInput(errors) }
        let keys = try requireSecretKeys()
        let sealed = try keys.seal(secret, associatedData: Self.staffSecretContext(staffID))
        let hash = try await hasher.hash(password)
        let now = clock.now()
        let staff = try await database.transaction { db -> StaffRecord in
            guard let staff = try await StaffRecords.insert(db, NewStaff(
                staffID: staffID, name: name, role: role, passwordHash: hash, totpSecretSealed: sealed, createdBy: createdBy),
                at: now) else { throw BankError.staff(.duplicateStaffID) }
            // Attempts at this ID before it existed must not lock the new member of staff.
            try await db.raw("DELETE FROM unknown_login_failures WHERE login_id_hash = \(bind: Self.unknownStaffKey(staffID))").run()
            try await AuditRecords.append(db, AuditEvent(
                at: now, event: "staff_created", result: .success, actor: "staff:\(createdBy)", userAgent: "kyoei-cli",
                detail: "staff_id=\(staffID) role=\(role.rawValue)"))
            return staff
        }
        let parameters = settings.staff.totp
        return StaffEnrollment(staff: staff, secretBase32: Base32.encode(secret),
                               otpauthURI: TOTP.provisioningURI(secret: secret, issuer: settings.bankName, account: staffID,
                                                                parameters: parameters))
    }

    /// Every member of staff, by staff ID (disabled ones too: the audit trail names them).
    public func staffMembers() async throws -> [StaffRecord] {
        try await database.read { db in try await StaffRecords.list(db) }
    }

    public func staffMember(staffID: String) async throws -> StaffRecord {
        guard let staff = try await database.read({ db in
            try await StaffRecords.find(db, staffID: StaffPolicy.normalizeStaffID(staffID))
        }) else { throw BankError.staff(.notFound) }
        return staff
    }

    /// Clears a member of staff's lock (`kyoei admin staff unlock`), audited with who did it.
    public func unlockStaff(staffID: String, by clerk: String) async throws -> StaffRecord {
        let now = clock.now()
        return try await database.transaction { db in
            guard let staff = try await StaffRecords.find(db, staffID: StaffPolicy.normalizeStaffID(staffID)) else {
                throw BankError.staff(.notFound)
            }
            try await StaffRecords.reset(db, id: staff.id)
            try await AuditRecords.append(db, AuditEvent(
                at: now, event: "staff_unlocked", result: .success, actor: "staff:\(clerk)", userAgent: "kyoei-cli",
                detail: "staff_id=\(staff.staffID) failures=\(staff.failures)"))
            return try await StaffRecords.find(db, id: staff.id)!
        }
    }

    /// Disables a member of staff for good (`kyoei admin staff disable`): their sessions end at
    /// once and they can no longer log in. The row stays for the audit trail.
    public func disableStaff(staffID: String, by clerk: String) async throws -> StaffRecord {
        let now = clock.now()
        return try await database.transaction { db in
            guard let staff = try await StaffRecords.find(db, staffID: StaffPolicy.normalizeStaffID(staffID)) else {
                throw BankError.staff(.notFound)
            }
            if try await StaffRecords.disable(db, id: staff.id, at: now) {
                let ended = try await StaffSessionRecords.deleteAll(db, staffRowID: staff.id)
                try await AuditRecords.append(db, AuditEvent(
                    at: now, event: "staff_disabled", result: .success, actor: "staff:\(clerk)", userAgent: "kyoei-cli",
                    detail: "staff_id=\(staff.staffID) sessions_ended=\(ended)"))
            }
            return try await StaffRecords.find(db, id: staff.id)!
        }
    }

    /// The one role check every back-office service makes first: refuses a disabled member of
    /// staff, and a role not in `allowed`. (Phase 1 has only reads, which every role may do;
    /// the changes of the next phase name their roles here.)
    public func requireRole(_ staff: StaffRecord, allowed: Set<StaffRole>) throws {
        guard !staff.isDisabled, allowed.contains(staff.role) else { throw BankError.staff(.forbidden) }
    }

    /// Binds a sealed staff secret to its staff ID: copied to another row, it does not open.
    static func staffSecretContext(_ staffID: String) -> [UInt8] {
        Array("staff-totp:\(staffID)".utf8)
    }

    /// The key failed logins at an unknown staff ID are counted under (apart from customers').
    static func unknownStaffKey(_ staffID: String) -> String {
        sha256Hex("staff:" + staffID)
    }
}
