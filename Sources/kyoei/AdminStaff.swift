import ArgumentParser
import BankCore
import BankServices
import BankStore
import Foundation

/// `kyoei admin staff …`: the back office's own accounts.
struct StaffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff", abstract: "Back-office staff: create, list, unlock, disable.",
        subcommands: [StaffCreate.self, StaffList.self, StaffUnlock.self, StaffDisable.self])
}

/// A member of staff as scripts see them (never the password hash or the TOTP secret).
struct StaffView: Encodable {
    let staffID: String
    let name: String
    let role: String
    let roleLabel: String
    let failures: Int
    let locked: Bool
    let lockedAt: Date?
    let createdAt: Date
    let createdBy: String
    let disabledAt: Date?

    init(_ staff: StaffAccount) {
        staffID = staff.staffID; name = staff.name; role = staff.role.rawValue; roleLabel = staff.role.nameJa
        failures = staff.failures; locked = staff.isLocked; lockedAt = staff.lockedAt; createdAt = staff.createdAt
        createdBy = staff.createdBy; disabledAt = staff.disabledAt
    }

    enum CodingKeys: String, CodingKey {
        case staffID = "staff_id", name, role, roleLabel = "role_label", failures, locked, lockedAt = "locked_at"
        case createdAt = "created_at", createdBy = "created_by", disabledAt = "disabled_at"
    }

    var line: String {
        "\(staffID)  \(name)  \(roleLabel) (\(role))"
            + (locked ? "  LOCKED" : failures > 0 ? "  failures=\(failures)" : "")
            + (disabledAt.map { "  無効 (disabled) \(JapanTime.isoDateTime($0))" } ?? "")
    }
}

struct StaffCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Add a member of staff. Reads the password from standard input (one line), or generates one with --generate-password; prints the TOTP secret and otpauth URI once.")
    @OptionGroup var options: AdminOptions
    @Option(name: .customLong("staff-id"), help: "職員ID (6–20 letters and digits)") var staffID: String
    @Option(name: .long, help: "氏名") var name: String
    @Option(name: .long, help: "operator (事務担当), supervisor (役席) or auditor (監査).") var role: String
    @Flag(name: .customLong("generate-password"), help: "Generate the password and print it once.") var generate = false

    struct Created: Encodable {
        let staff: StaffView
        let totpSecret: String
        let otpauthURI: String
        let generatedPassword: String?
        enum CodingKeys: String, CodingKey {
            case staff, totpSecret = "totp_secret", otpauthURI = "otpauth_uri", generatedPassword = "generated_password"
        }
    }

    func run() async throws {
        guard let role = StaffRole(rawValue: role.trimmingCharacters(in: .whitespaces).lowercased()) else {
            throw options.usageError(field: "role", ja: "役割は operator(事務担当) / supervisor(役席) / auditor(監査) のいずれかです",
                                     en: "--role must be operator, supervisor or auditor")
        }
        let password: String
        if generate {
            password = StaffPolicy.generatePassword(random: SystemRandomSource())
        } else {
            guard let typed = PasswordInput.read(prompt: "パスワード (password, 12+ characters)") else {
                throw options.usageError(field: "password", ja: "パスワードを標準入力から入力してください",
                                         en: "give the password on standard input (or use --generate-password)")
            }
            password = typed
        }
        let enrollment = try await options.perform { bank in
            try await bank.staff.create(staffID: staffID, name: name, role: role, password: password, by: .operator(name: options.staffName))
        }
        let created = Created(staff: StaffView(enrollment.staff), totpSecret: enrollment.secretBase32,
                              otpauthURI: enrollment.otpauthURI, generatedPassword: generate ? password : nil)
        var lines = ["職員を登録しました (staff member created): \(created.staff.line)"]
        if generate { lines.append("  パスワード (password): \(password)") }
        lines += [
            "  TOTPシークレット (secret for an authenticator app): \(enrollment.secretBase32)",
            "  otpauth URI: \(enrollment.otpauthURI)",
            "  (これらは二度と表示されません / shown this once only)",
        ]
        Output.emit(json: options.json, value: created, text: lines.joined(separator: "\n"))
    }
}

struct StaffList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Every member of staff, disabled ones too.")
    @OptionGroup var options: AdminOptions

    func run() async throws {
        let staff = try await options.perform { bank in try await bank.staff.members() }.map(StaffView.init)
        Output.emit(json: options.json, value: staff, text: staff.isEmpty ? "(no staff)" : staff.map(\.line).joined(separator: "\n"))
    }
}

struct StaffUnlock: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unlock", abstract: "Clear a member of staff's lock after too many wrong passwords or codes.")
    @OptionGroup var options: AdminOptions
    @Option(name: .customLong("staff-id")) var staffID: String

    func run() async throws {
        let staff = try await options.perform { bank in try await bank.staff.unlock(staffID: staffID, by: .operator(name: options.staffName)) }
        Output.emit(json: options.json, value: StaffView(staff), text: "ロックを解除しました (unlocked): \(StaffView(staff).line)")
    }
}

struct StaffDisable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable", abstract: "Disable a member of staff for good: their sessions end and they cannot log in.")
    @OptionGroup var options: AdminOptions
    @Option(name: .customLong("staff-id")) var staffID: String

    func run() async throws {
        let staff = try await options.perform { bank in try await bank.staff.disable(staffID: staffID, by: .operator(name: options.staffName)) }
        Output.emit(json: options.json, value: StaffView(staff), text: "無効にしました (disabled): \(StaffView(staff).line)")
    }
}
