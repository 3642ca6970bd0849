import BankCore
import BankStore
import Metrics

/// Every metric the bank emits, by name, through swift-metrics (`kyoei serve` bootstraps the
/// Prometheus backend; without one, every call here is a no-op). The use cases call these at
/// their outcome points; labels are small closed sets (never an id, an amount or a login ID),
/// so the number of series stays bounded. README's metrics table lists the same names.
public enum BankMetrics {
    public static let httpRequests = "kyoei_http_requests_total"
    public static let httpDuration = "kyoei_http_request_duration_seconds"
    public static let logins = "kyoei_logins_total"
    public static let otpChecks = "kyoei_otp_checks_total"
    public static let transfers = "kyoei_transfers_total"
    public static let scheduledTransfers = "kyoei_scheduled_transfers_total"
    public static let locks = "kyoei_credential_locks_total"
    public static let mailDeliveries = "kyoei_mail_delivery_attempts_total"
    public static let mailDeliveryFailures = "kyoei_mail_delivery_failures_total"
    public static let schedulerRuns = "kyoei_scheduler_runs_total"
    public static let outboxPending = "kyoei_outbox_pending_mails"
    public static let outboxDue = "kyoei_outbox_due_mails"
    public static let outboxOldestDueAge = "kyoei_outbox_oldest_due_age_seconds"
    public static let outboxFailed = "kyoei_outbox_failed_mails"
    public static let databaseConnections = "kyoei_database_connections"
    public static let databaseUp = "kyoei_database_up"

    /// The channel of the request being answered (web, api, staff), or cli for jobs and commands.
    static var channel: String { (RequestIdentity.current?.channel ?? .cli).rawValue }

    static func count(_ name: String, _ dimensions: [(String, String)]) {
        Counter(label: name, dimensions: dimensions).increment()
    }

    /// One answered HTTP request: its route pattern (never the concrete path), method, status.
    public static func request(route: String, method: String, status: Int, duration: Duration) {
        count(httpRequests, [("route", route), ("method", method), ("status", String(status))])
        Metrics.Timer(label: httpDuration, dimensions: [("route", route), ("method", method)]).recordNanoseconds(
            duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    /// A login step (password or code) of a customer or a member of staff, and how it ended.
    static func login(_ who: String, step: String, outcome: String) {
        count(logins, [("who", who), ("step", step), ("outcome", outcome), ("channel", channel)])
    }

    /// A customer's one-time password checked for `purpose` (the audit event: login_otp,
    /// otp_activation, …) and its result.
    static func otpCheck(purpose: String, outcome: String) {
        count(otpChecks, [("purpose", purpose), ("outcome", outcome)])
    }

    /// 実行 of a 確認画面: executed (or booked for its 振込指定日), replayed, or refused (why).
    static func transfer(route: String, outcome: String, reason: String = "") {
        count(transfers, [("route", route), ("outcome", outcome), ("reason", reason), ("channel", channel)])
    }

    /// A 予約振込 the scheduler ended: completed/accepted, insufficient_funds, cancelled.
    static func scheduledTransfer(route: String, status: String) {
        count(scheduledTransfers, [("route", route), ("status", status)])
    }

    /// A credential locked by consecutive failures (customer or staff; which credential).
    static func lock(_ who: String, credential: String) {
        count(locks, [("who", who), ("credential", credential)])
    }

    /// One attempt to hand a mail to the transport: sent, retried (a temporary failure), failed
    /// (for good), lostClaim (another worker took it over), notRecorded (the database refused).
    static func mailDelivery(outcome: String) {
        count(mailDeliveries, [("outcome", outcome)])
        if outcome == "retried" || outcome == "failed" { count(mailDeliveryFailures, [("outcome", outcome)]) }
    }

    /// A pass of the 予約振込 scheduler: ran (today's run), not_due (before the hour), error.
    static func schedulerRun(outcome: String) {
        count(schedulerRuns, [("outcome", outcome)])
    }
}

extension TransferView {
    /// in_bank (either branch), other_bank, or own (振替 between the customer's accounts).
    var metricRoute: String { BankMetrics.route(kind: destinationKind, route: route) }
}

extension BankMetrics {
    static func route(kind: DestinationKind, route: TransferRoute) -> String {
        kind == .own ? "own" : route == .otherBank ? "other_bank" : "in_bank"
    }
}

extension BankMetrics {
    /// A staff login step: a result is success (otp_required after the password), a staff
    /// refusal is its name, anything else `error`.
    static func staffLogin<T>(step: String, otpRequired: Bool, _ body: () async throws -> T) async throws -> T {
        do {
            let result = try await body()
            login("staff", step: step, outcome: otpRequired ? "otp_required" : "success")
            return result
        } catch BankError.staff(let refusal) {
            login("staff", step: step, outcome: "\(refusal)")
            throw BankError.staff(refusal)
        } catch {
            login("staff", step: step, outcome: "error")
            throw error
        }
    }
}

extension BankMetrics {
    /// A refusal's label: the BankError's message key (a closed set; every field error is
    /// `error.invalid_input`), `error` for anything else.
    static func reason(_ error: any Error) -> String {
        guard let error = error as? BankError else { return "error" }
        if case .invalidInput = error { return "error.invalid_input" }
        return error.messageKey
    }
}
