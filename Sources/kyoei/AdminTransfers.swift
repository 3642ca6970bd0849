import ArgumentParser
import BankCore
import BankServices
import BankStore
import Foundation

/// `kyoei admin transfer-limit`: a customer's 振込限度額 per day (JST), shown, set or put
/// back to the bank's default (KYOEI_TRANSFER_DAILY_LIMIT).
struct TransferLimitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transfer-limit",
        abstract: "Show a customer's daily transfer limit (振込限度額), set it with --amount, or put it back to the default with --default.")
    @OptionGroup var options: AdminOptions
    @Option(name: .customLong("login-id")) var loginID: String
    @Option(name: .long, help: "The new limit in yen, 1 to 100,000,000 (commas allowed: 2,000,000).") var amount: String?
    @Flag(name: .customLong("default"), help: "Use the bank's default limit (KYOEI_TRANSFER_DAILY_LIMIT) again.") var useDefault = false

    struct View: Encodable {
        var loginID: String
        var limit: Int64
        var limitFormatted: String
        var remainingToday: Int64
        var remainingTodayFormatted: String
        var isDefault: Bool
        /// The customer's raise in force (when it took effect), and one still waiting (JST, ISO 8601).
        var raisedSince: String?
        var pendingRaise: Int64?
        var pendingRaiseEffectiveAt: String?
        enum CodingKeys: String, CodingKey {
            case loginID = "login_id", limit, limitFormatted = "limit_formatted", remainingToday = "remaining_today"
            case remainingTodayFormatted = "remaining_today_formatted", isDefault = "is_default"
            case raisedSince = "raised_since", pendingRaise = "pending_raise", pendingRaiseEffectiveAt = "pending_raise_effective_at"
        }
    }

    func run() async throws {
        if amount != nil && useDefault {
            throw options.usageError(field: "amount", ja: "--amount と --default は同時に指定できません",
                                     en: "give either --amount or --default, not both")
        }
        let change = amount != nil || useDefault
        let status = try await options.perform { bank in
            if change { _ = try await bank.transferLimits.set(loginID: loginID, amount: amount, by: .operator(name: options.staffName)) }
            return try await bank.transferLimits.status(loginID: loginID)
        }
        let view = View(loginID: CredentialPolicy.normalizeLoginID(loginID), limit: status.limit.value, limitFormatted: status.limit.formatted,
                        remainingToday: status.remainingToday.value, remainingTodayFormatted: status.remainingToday.formatted,
                        isDefault: status.isDefault, raisedSince: status.inForce.raise.map { AuditCSV.isoJST($0.effectiveAt) },
                        pendingRaise: status.pendingRaise?.amount.value,
                        pendingRaiseEffectiveAt: status.pendingRaise.map { AuditCSV.isoJST($0.effectiveAt) })
        var extra = view.raisedSince.map { "  引上げ適用中 (raised since) \($0)" } ?? ""
        if let pending = status.pendingRaise, let at = view.pendingRaiseEffectiveAt {
            extra += "  引上げ申込中 (raise waiting) \(pending.amount.formatted) → \(at)"
        }
        let verb = change ? "振込限度額を変更しました (daily limit changed)" : "振込限度額 (daily limit)"
        Output.emit(json: options.json, value: view,
                    text: "\(verb): \(view.loginID) \(view.limitFormatted)\(view.isDefault ? " (既定 default)" : "")  本日の残り (left today) \(view.remainingTodayFormatted)\(extra)")
    }
}

struct TransferCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "transfer", abstract: "Transfers made on the site: list.",
                                                    subcommands: [ListTransfers.self])
}

struct ListTransfers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Transfers (all, or one customer's), newest first.")
    @OptionGroup var options: AdminOptions
    @Option(name: .customLong("login-id")) var loginID: String?
    @Option(name: .long) var limit: Int = 50

    func run() async throws {
        let transfers = try await options.perform { bank in
            try await bank.transfers.list(loginID: loginID, limit: max(1, min(limit, 10_000)))
        }.map(TransferOutput.init)
        Output.emit(json: options.json, value: transfers,
                    text: transfers.isEmpty ? "(no transfers)" : transfers.map(\.line).joined(separator: "\n"))
    }
}
