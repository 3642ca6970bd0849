import BankCore
import Foundation
import SQLKit

/// 通知設定 of one customer (`notification_settings`). No row: every notice on.
public enum NotificationSettingRecords {
    /// Whether the customer wants a ログインのお知らせ after every login (true unless turned off).
    public static func loginNoticeEnabled(_ db: any SQLDatabase, customerID: Int64) async throws -> Bool {
        let row = try await db.raw("SELECT \(loginNoticeEnabledExpression(customerID: customerID)) AS enabled").first()!
        return try row.decode(column: "enabled", as: Int.self) != 0
    }

    /// The setting as a value (1 or 0), also a part of the login notice's one statement on
    /// PostgreSQL (`LoginNoticeRecords.claim`).
    static func loginNoticeEnabledExpression(customerID: Int64) -> SQLQueryString {
        "COALESCE((SELECT login_notice FROM notification_settings WHERE customer_id = \(bind: customerID)), 1)"
    }

    /// When the customer last changed the setting (nil: never).
    public static func changedAt(_ db: any SQLDatabase, customerID: Int64) async throws -> Date? {
        try await db.raw("SELECT changed_at FROM notification_settings WHERE customer_id = \(bind: customerID)")
            .first()?.decode(column: "changed_at", as: Int64?.self).map(Date.init(millis:))
    }

    public static func setLoginNotice(_ db: any SQLDatabase, customerID: Int64, enabled: Bool, at now: Date) async throws {
        try await db.raw("""
            INSERT INTO notification_settings (customer_id, login_notice, changed_at)
            VALUES (\(bind: customerID), \(bind: enabled ? 1 : 0), \(bind: now.millis))
            ON CONFLICT (customer_id) DO UPDATE SET login_notice = excluded.login_notice, changed_at = excluded.changed_at
            """).run()
    }

    /// Claims the customer's login-notice slot: true when no notice was sent after
    /// `now - minInterval`, and then `now` is the last one. A login from a new browser checks
    /// a slot of its own (and fills both), so the customer's own login cannot hide, within the
    /// interval, someone else's login from another device, while a flood of logins without
    /// the cookie still gets one mail per interval. One statement, so of two nodes logging the
    /// same customer in at once only one wins (PostgreSQL re-checks the WHERE on the row the
    /// other committed; SQLite writes one at a time).
    public static func claimLoginNotice(_ db: any SQLDatabase, customerID: Int64, newBrowser: Bool, minInterval: TimeInterval,
                                        at now: Date) async throws -> Bool {
        try await db.raw(claimLoginNoticeStatement(customerID: customerID, newBrowser: newBrowser, minInterval: minInterval,
                                                   at: now)).first() != nil
    }

    /// The claim, also a part of the login notice's one statement on PostgreSQL
    /// (`LoginNoticeRecords.claim`), there made only `when` a condition holds (`INSERT … SELECT`).
    static func claimLoginNoticeStatement(customerID: Int64, newBrowser: Bool, minInterval: TimeInterval, at now: Date,
                                          when condition: SQLQueryString? = nil) -> SQLQueryString {
        let after = now.addingTimeInterval(-minInterval).millis
        let slot = SQLRaw(newBrowser ? "last_new_browser_notice_at" : "last_login_notice_at")
        let alsoNewBrowserSlot = SQLRaw(newBrowser ? ", last_new_browser_notice_at = excluded.last_new_browser_notice_at" : "")
        let values: SQLQueryString = "\(bind: customerID), 1, \(bind: now.millis), \(bind: newBrowser ? now.millis : nil)"
        return """
            INSERT INTO notification_settings (customer_id, login_notice, last_login_notice_at, last_new_browser_notice_at)
            \(SQLQueryString.insertedRow(values, when: condition))
            ON CONFLICT (customer_id) DO UPDATE SET last_login_notice_at = excluded.last_login_notice_at\(alsoNewBrowserSlot)
            WHERE notification_settings.\(slot) IS NULL OR notification_settings.\(slot) <= \(bind: after)
            RETURNING customer_id
            """
    }
}
