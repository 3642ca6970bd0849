import BankCore
import Foundation
import SQLKit

/// What `LoginNoticeRecords.claim` found and did.
public struct LoginNoticeClaim: Sendable, Equatable {
    /// The customer's setting: a ログインのお知らせ after every login.
    public var enabled: Bool
    /// A notice was wanted (on, or a new browser) and its slot claimed: send it now.
    public var claimed: Bool

    public init(enabled: Bool, claimed: Bool) {
        self.enabled = enabled
        self.claimed = claimed
    }
}

/// The login notice of a full login in two steps of the login's transaction (issue 20), each in
/// two forms (`StepForm`), kept equal by LoginNoticeFormsTests: the decision (`claim`), then
/// what was decided, written down with the notice's mail when one goes out (`record`).
extension LoginNoticeRecords {
    /// The customer's setting read and — when a notice is wanted: notices on, or a browser
    /// never seen — the notice's slot claimed (`NotificationSettingRecords.claimLoginNotice`).
    /// On PostgreSQL one statement, the claim made only when the setting asks for it.
    public static func claim(_ db: any SQLDatabase, customerID: Int64, newBrowser: Bool, minInterval: TimeInterval,
                             at now: Date) async throws -> LoginNoticeClaim {
        try await claim(db, customerID: customerID, newBrowser: newBrowser, minInterval: minInterval, at: now,
                        form: StepForm.fastest(for: db))
    }

    static func claim(_ db: any SQLDatabase, customerID: Int64, newBrowser: Bool, minInterval: TimeInterval, at now: Date,
                      form: StepForm) async throws -> LoginNoticeClaim {
        switch form {
        case .statements:
            let enabled = try await NotificationSettingRecords.loginNoticeEnabled(db, customerID: customerID)
            guard enabled || newBrowser else { return LoginNoticeClaim(enabled: false, claimed: false) }
            let claimed = try await NotificationSettingRecords.claimLoginNotice(
                db, customerID: customerID, newBrowser: newBrowser, minInterval: minInterval, at: now)
            return LoginNoticeClaim(enabled: enabled, claimed: claimed)
        case .oneStatement:
            // The setting is read in the statement's snapshot, as a statement of its own would
            // read it; the claim's ON CONFLICT re-checks its slot on the newest row, as before.
            let wanted: SQLQueryString = newBrowser ? "TRUE" : "(SELECT enabled FROM setting) <> 0"
            let row = try await db.raw("""
                WITH setting AS (SELECT \(NotificationSettingRecords.loginNoticeEnabledExpression(customerID: customerID)) AS enabled),
                claimed AS (\(NotificationSettingRecords.claimLoginNoticeStatement(
                    customerID: customerID, newBrowser: newBrowser, minInterval: minInterval, at: now, when: wanted)))
                SELECT (SELECT enabled FROM setting) AS enabled, (SELECT COUNT(*) FROM claimed) AS claimed
                """).first()!
            return LoginNoticeClaim(enabled: try row.decode(column: "enabled", as: Int.self) != 0,
                                    claimed: try row.decode(column: "claimed", as: Int.self) > 0)
        }
    }

    /// What was decided (`insert`), with the notice's mail (`OutboxRecords.enqueue`) when one
    /// was sent: on PostgreSQL one statement.
    public static func record(_ db: any SQLDatabase, customerID: Int64, sessionHash: String, at now: Date, ip: String,
                              userAgent: String, newBrowser: Bool, outcome: LoginNoticeOutcome, recipient: String?,
                              mail: NewOutboxMail?) async throws {
        try await record(db, customerID: customerID, sessionHash: sessionHash, at: now, ip: ip, userAgent: userAgent,
                         newBrowser: newBrowser, outcome: outcome, recipient: recipient, mail: mail, form: StepForm.fastest(for: db))
    }

    static func record(_ db: any SQLDatabase, customerID: Int64, sessionHash: String, at now: Date, ip: String, userAgent: String,
                       newBrowser: Bool, outcome: LoginNoticeOutcome, recipient: String?, mail: NewOutboxMail?,
                       form: StepForm) async throws {
        let insert = insertStatement(customerID: customerID, sessionHash: sessionHash, at: now, ip: ip, userAgent: userAgent,
                                     newBrowser: newBrowser, outcome: outcome, recipient: recipient, messageID: mail?.messageID)
        guard let mail else { return try await db.raw(insert).run() }
        switch form {
        case .statements:
            try await OutboxRecords.enqueue(db, mail, at: now)
            try await db.raw(insert).run()
        case .oneStatement:
            try await db.raw("WITH mail AS (\(OutboxRecords.enqueueStatement(mail, at: now))) \(insert)").run()
        }
    }
}
