import ArgumentParser
import BankCore
import BankServices
import BankStore
import Foundation

/// `kyoei admin otp …`: the one-time password at the bank's counter.
struct OTPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "otp", abstract: "One-time password: show a customer's token, reset it (lost phone).",
        subcommands: [OTPShow.self, OTPReset.self])
}

/// A token as scripts see it (never the secret or the activation password's hash).
struct TokenView: Encodable {
    let userID: String
    let status: String
    let mobileEmail: String
    let issuedAt: Date
    let setupExpiresAt: Date
    let provisionedAt: Date?
    let activatedAt: Date?
    let endedAt: Date?
    let endReason: String?
    /// `app` (the bank's token app) or `authenticator` (the customer's own app).
    let kind: String

    init(_ token: OTPTokenView) {
        userID = token.userID; status = token.status.rawValue; mobileEmail = token.mobileEmail; issuedAt = token.issuedAt
        setupExpiresAt = token.setupExpiresAt; provisionedAt = token.provisionedAt; activatedAt = token.activatedAt
        endedAt = token.endedAt; endReason = token.endReason; kind = token.kind.rawValue
    }

    enum CodingKeys: String, CodingKey {
        case userID = "user_id", status, mobileEmail = "mobile_email", issuedAt = "issued_at", setupExpiresAt = "setup_expires_at"
        case provisionedAt = "provisioned_at", activatedAt = "activated_at", endedAt = "ended_at", endReason = "end_reason", kind
    }

    var line: String {
        "\(userID)  \(status)  \(mobileEmail)  発行 \(JapanTime.isoDateTime(issuedAt))"
            + (activatedAt.map { "  利用開始 \(JapanTime.isoDateTime($0))" } ?? "")
            + (endedAt.map { "  終了 \(JapanTime.isoDateTime($0)) (\(endReason ?? ""))" } ?? "")
    }
}

struct OTPShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "A customer's extra factor and every token they had.")
    @OptionGroup var options: AdminOptions
    @Option(name: .customLong("login-id")) var loginID: String

    func run() async throws {
        let (state, tokens, locked) = try await options.perform { bank in try await bank.otp.history(loginID: loginID) }
        struct View: Encodable { let state: String; let otpLocked: Bool; let tokens: [TokenView]
            enum CodingKeys: String, CodingKey { case state, otpLocked = "otp_locked", tokens } }
        let stateName = switch state {
        case .none: "none"
        case .otpPending(let status): "otp_\(status.rawValue)"
        case .otpActive: "otp_active"
        case .mailPassword: "mail_password"
        }
        let view = View(state: stateName, otpLocked: locked, tokens: tokens.map(TokenView.init))
        Output.emit(json: options.json, value: view,
                    text: (["extra factor: \(stateName)" + (locked ? " (OTP locked)" : "")] + view.tokens.map(\.line)).joined(separator: "\n"))
    }
}

struct OTPReset: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset",
        abstract: "Lost phone: end the customer's token after checking identity; the customer is mailed.")
    @OptionGroup var options: AdminOptions
    @Option(name: .customLong("login-id")) var loginID: String
    @Option(name: .long, help: "Why, and how identity was checked (kept in the audit trail).") var reason: String

    func run() async throws {
        let token = try await options.perform { bank in
            try await bank.otp.resetToken(loginID: loginID, reason: reason, by: .operator(name: options.staffName))
        }
        Output.emit(json: options.json, value: TokenView(token),
                    text: "ワンタイムパスワードを解除しました (OTP reset): user ID \(token.userID), was in use until now; the customer has been mailed.")
    }
}

/// `kyoei secret-key`: a new key for KYOEI_SECRET_KEYS.
struct SecretKey: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secret-key",
        abstract: "Print a new encryption key line for KYOEI_SECRET_KEYS (put it first; keep older keys after it to rotate).")
    @Option(name: .long, help: "Key id (letters, digits, - and _).") var id: String?

    func run() throws {
        let keyID = id ?? "k" + JapanTime.isoDateTime(Date()).prefix(10).replacingOccurrences(of: "-", with: "")
        print("\(keyID):\(SecretKeyRing.generateKey(random: SystemRandomSource()))")
    }
}
