import BankCore
import BankStore
import Foundation
import SQLKit

/// The back office's own accounts (`kyoei admin staff …`): only the command line manages them.
public struct StaffService: BankUseCase {
    public let context: BankContext

    public init(context: BankContext) {
        self.context = context
    }
}

extension StaffService {
    /// Adds a member of staff (`kyoei admin staff create`) with a new TOTP secret. Every field
    /// is checked and all errors are reported at once. Audited as `staff_created`.
    public func create(staffID rawStaffID: String, name rawName: String, role: StaffRole, password: String,
                       by actor: BankActor) async throws -> StaffEnrollment {
        try await enroll(staffID: rawStaffID, name: rawName, role: role, password: password,
                         secret: TOTP.generateSecret(random: random), by: actor)
    }

    /// `create` with a given secret: the demo's staff have fixed, public ones.
    func enroll(staffID rawStaffID: String, name rawName: String, role: StaffRole, password: String,
                secret: [UInt8], by actor: BankActor) async throws -> StaffEnrollment {
        try actor.requireOperator()
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
                staffID: staffID, name: name, role: role, passwordHash: hash, totpSecretSealed: sealed,
                createdBy: actor.recordedName),
                at: now) else { throw BankError.staff(.duplicateStaffID) }
            // Attempts at this ID before it existed must not lock the new member of staff.
            try await CredentialRecords.forgetUnknownFailures(db, loginIDHash: Self.unknownStaffKey(staffID))
            try await AuditRecords.write(db, .staffCreated, .success, by: AuditActor(actor), client: .commandLine,
                detail: [.field(.staffID, staffID), .field(.role, role.rawValue)], at: now)
            return staff
        }
        let parameters = settings.staff.totp
        return StaffEnrollment(staff: StaffAccount(staff), secretBase32: Base32.encode(secret),
                               otpauthURI: TOTP.provisioningURI(secret: secret, issuer: settings.bankName, account: staffID,
                                                                parameters: parameters))
    }

    /// Every member of staff, by staff ID (disabled ones too: the audit trail names them).
    public func members() async throws -> [StaffAccount] {
        try await database.read { db in try await StaffRecords.list(db) }.map(StaffAccount.init)
    }

    public func member(staffID: String) async throws -> StaffAccount {
        guard let staff = try await database.read({ db in
            try await StaffRecords.find(db, staffID: StaffPolicy.normalizeStaffID(staffID))
        }) else { throw BankError.staff(.notFound) }
        return StaffAccount(staff)
    }

    /// Clears a member of staff's lock (`kyoei admin staff unlock`), audited with who did it.
    public func unlock(staffID: String, by actor: BankActor) async throws -> StaffAccount {
        try actor.requireOperator()
        let now = clock.now()
        return try await database.transaction { db in
            guard let staff = try await StaffRecords.find(db, staffID: StaffPolicy.normalizeStaffID(staffID)) else {
                throw BankError.staff(.notFound)
            }
            try await StaffRecords.reset(db, id: staff.id)
            try await AuditRecords.write(db, .staffUnlocked, .success, by: AuditActor(actor), client: .commandLine,
                detail: [.field(.staffID, staff.staffID), .field(.failures, staff.failures)], at: now)
            return StaffAccount(try await StaffRecords.find(db, id: staff.id)!)
        }
    }

    /// Disables a member of staff for good (`kyoei admin staff disable`): their sessions end at
    /// once and they can no longer log in. The row stays for the audit trail.
    public func disable(staffID: String, by actor: BankActor) async throws -> StaffAccount {
        try actor.requireOperator()
        let now = clock.now()
        return try await database.transaction { db in
            guard let staff = try await StaffRecords.find(db, staffID: StaffPolicy.normalizeStaffID(staffID)) else {
                throw BankError.staff(.notFound)
            }
            if try await StaffRecords.disable(db, id: staff.id, at: now) {
                let ended = try await StaffSessionRecords.deleteAll(db, staffRowID: staff.id)
                try await AuditRecords.write(db, .staffDisabled, .success, by: AuditActor(actor), client: .commandLine,
                    detail: [.field(.staffID, staff.staffID), .field(.sessionsEnded, ended)], at: now)
            }
            return StaffAccount(try await StaffRecords.find(db, id: staff.id)!)
        }
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
