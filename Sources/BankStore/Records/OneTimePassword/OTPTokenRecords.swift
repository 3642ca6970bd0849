import BankCore
import Foundation
import SQLKit

public struct OTPTokenRecord: Sendable, Equatable {
    public var id: Int64
    public var customerID: Int64
    public var userID: String
    public var status: OTPTokenStatus
    public var mobileEmail: String
    /// Keyed hash of the 利用開始パスワード (never the password).
    public var activationHash: String
    /// The token secret, AES-GCM sealed with a key id; nil until the app is set up.
    public var secretSealed: String?
    public var lastAcceptedStep: Int64?
    public var issuedAt: Date
    public var setupExpiresAt: Date
    public var provisionedAt: Date?
    public var activatedAt: Date?
    public var endedAt: Date?
    public var endReason: String?
    /// The bank's token app or the customer's own authenticator app.
    public var kind: OTPTokenKind
}

/// One-time password tokens (Store+Tokens). Every state change is a conditional update on
/// the status it expects, so two requests (or two server processes) cannot both win.
public enum OTPTokenRecords {
    static let columns = """
        id, customer_id, user_id, status, mobile_email, activation_hash, secret_sealed, last_accepted_step,
        issued_at, setup_expires_at, provisioned_at, activated_at, ended_at, end_reason, kind
        """
    static let liveStatuses = "('issued', 'provisioned', 'active')"

    /// The customer's issued, provisioned or active token, if any.
    public static func live(_ db: any SQLDatabase, customerID: Int64) async throws -> OTPTokenRecord? {
        try await db.raw("""
            SELECT \(unsafeRaw: columns) FROM otp_tokens
            WHERE customer_id = \(bind: customerID) AND status IN \(unsafeRaw: liveStatuses)
            """).first().map(decode)
    }

    public static func find(_ db: any SQLDatabase, userID: String) async throws -> OTPTokenRecord? {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM otp_tokens WHERE user_id = \(bind: userID)").first().map(decode)
    }

    public static func find(_ db: any SQLDatabase, id: Int64) async throws -> OTPTokenRecord? {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM otp_tokens WHERE id = \(bind: id)").first().map(decode)
    }

    /// Every token the customer ever had, newest first.
    public static func history(_ db: any SQLDatabase, customerID: Int64) async throws -> [OTPTokenRecord] {
        try await db.raw("""
            SELECT \(unsafeRaw: columns) FROM otp_tokens WHERE customer_id = \(bind: customerID) ORDER BY id DESC
            """).all().map(decode)
    }

    public static func insertIssued(_ db: any SQLDatabase, customerID: Int64, userID: String, mobileEmail: String,
                                    activationHash: String, at now: Date, setupExpiresAt: Date,
                                    kind: OTPTokenKind = .app) async throws -> Int64 {
        try await db.raw("""
            INSERT INTO otp_tokens (customer_id, user_id, status, mobile_email, activation_hash, issued_at, setup_expires_at, kind)
            VALUES (\(bind: customerID), \(bind: userID), 'issued', \(bind: mobileEmail), \(bind: activationHash),
                    \(bind: now.millis), \(bind: setupExpiresAt.millis), \(bind: kind.rawValue))
            RETURNING id
            """).first()!.decode(column: "id", as: Int64.self)
    }

    /// Ends a token that is still in `expected` status. Returns false when it had already
    /// moved on (another request got there first).
    public static func end(_ db: any SQLDatabase, id: Int64, expected: OTPTokenStatus, as status: OTPTokenStatus,
                           reason: String, at now: Date) async throws -> Bool {
        try await db.raw("""
            UPDATE otp_tokens SET status = \(bind: status.rawValue), ended_at = \(bind: now.millis), end_reason = \(bind: reason)
            WHERE id = \(bind: id) AND status = \(bind: expected.rawValue)
            RETURNING id
            """).first() != nil
    }

    /// The app received its secret: only from `issued`, only once. `handoverTo` (a session's
    /// hash) lets that session see the secret once more, through `takeSecretHandover`.
    public static func markProvisioned(_ db: any SQLDatabase, id: Int64, secretSealed: String, at now: Date,
                                       handoverTo sessionHash: String? = nil) async throws -> Bool {
        try await db.raw("""
            UPDATE otp_tokens SET status = 'provisioned', secret_sealed = \(bind: secretSealed), provisioned_at = \(bind: now.millis),
                secret_handover = \(bind: sessionHash)
            WHERE id = \(bind: id) AND status = 'issued'
            RETURNING id
            """).first() != nil
    }

    /// The customer's provisioned token whose secret `sessionHash` may still see, clearing
    /// that right in the same statement: of two requests (or server processes), one gets it.
    public static func takeSecretHandover(_ db: any SQLDatabase, customerID: Int64, sessionHash: String) async throws -> OTPTokenRecord? {
        try await db.raw("""
            UPDATE otp_tokens SET secret_handover = NULL
            WHERE customer_id = \(bind: customerID) AND status = 'provisioned' AND secret_handover = \(bind: sessionHash)
            RETURNING \(unsafeRaw: columns)
            """).first().map(decode)
    }

    /// Records `step` as used, only if it is later than every step used before. With
    /// `activating`, also moves the token from provisioned to active. Returns false when
    /// another request used this step (or a later one) first: a replay.
    public static func acceptStep(_ db: any SQLDatabase, id: Int64, step: Int64, activating: Bool, at now: Date) async throws -> Bool {
        try await db.raw(acceptStepStatement(id: id, step: step, activating: activating, at: now)).first() != nil
    }

    /// The acceptance as a statement, also a part of the code check's (`OTPCodeCheckRecords.take`),
    /// with `condition` ANDed.
    static func acceptStepStatement(id: Int64, step: Int64, activating: Bool, at now: Date,
                                    and condition: String = "") -> SQLQueryString {
        let also = SQLQueryString(condition.isEmpty ? "" : "AND \(condition)")
        if activating {
            return """
                UPDATE otp_tokens SET status = 'active', activated_at = \(bind: now.millis), last_accepted_step = \(bind: step),
                    secret_handover = NULL
                WHERE id = \(bind: id) AND status = 'provisioned'
                  AND (last_accepted_step IS NULL OR last_accepted_step < \(bind: step)) \(also)
                RETURNING id
                """
        }
        return """
            UPDATE otp_tokens SET last_accepted_step = \(bind: step)
            WHERE id = \(bind: id) AND status = 'active'
              AND (last_accepted_step IS NULL OR last_accepted_step < \(bind: step)) \(also)
            RETURNING id
            """
    }

    /// Issued tokens whose set-up period ran out (for the sweeper to end and audit).
    public static func overdue(_ db: any SQLDatabase, at now: Date, limit: Int = 500) async throws -> [OTPTokenRecord] {
        try await db.raw("""
            SELECT \(unsafeRaw: columns) FROM otp_tokens
            WHERE status = 'issued' AND setup_expires_at <= \(bind: now.millis) LIMIT \(bind: limit)
            """).all().map(decode)
    }

    static func decode(_ row: any SQLRow) throws -> OTPTokenRecord { try decode(row, prefix: "") }

    /// A token row whose columns were read through `JoinedColumns.aliased` with that prefix (`prefix` "": as named).
    static func decode(_ row: any SQLRow, prefix: String) throws -> OTPTokenRecord {
        func column(_ name: String) -> String { prefix.isEmpty ? name : prefix + name }
        func date(_ name: String) throws -> Date? {
            try row.decode(column: column(name), as: Int64?.self).map(Date.init(millis:))
        }
        return OTPTokenRecord(
            id: try row.decode(column: column("id"), as: Int64.self),
            customerID: try row.decode(column: column("customer_id"), as: Int64.self),
            userID: try row.decode(column: column("user_id"), as: String.self),
            status: OTPTokenStatus(rawValue: try row.decode(column: column("status"), as: String.self)) ?? .void,
            mobileEmail: try row.decode(column: column("mobile_email"), as: String.self),
            activationHash: try row.decode(column: column("activation_hash"), as: String.self),
            secretSealed: try row.decode(column: column("secret_sealed"), as: String?.self),
            lastAcceptedStep: try row.decode(column: column("last_accepted_step"), as: Int64?.self),
            issuedAt: Date(millis: try row.decode(column: column("issued_at"), as: Int64.self)),
            setupExpiresAt: Date(millis: try row.decode(column: column("setup_expires_at"), as: Int64.self)),
            provisionedAt: try date("provisioned_at"), activatedAt: try date("activated_at"),
            endedAt: try date("ended_at"), endReason: try row.decode(column: column("end_reason"), as: String?.self),
            kind: OTPTokenKind(rawValue: try row.decode(column: column("kind"), as: String.self)) ?? .app)
    }
}

public struct MailPasswordSetting: Sendable, Equatable {
    public var address: String
    public var enabledAt: Date
}

/// The メール通知パスワード switch: a row while it is on.
public enum MailPasswordSettingRecords {
    public static func find(_ db: any SQLDatabase, customerID: Int64) async throws -> MailPasswordSetting? {
        guard let row = try await db.raw("""
            SELECT address, enabled_at FROM mail_password_settings WHERE customer_id = \(bind: customerID)
            """).first() else { return nil }
        return MailPasswordSetting(address: try row.decode(column: "address", as: String.self),
                                   enabledAt: Date(millis: try row.decode(column: "enabled_at", as: Int64.self)))
    }

    public static func enable(_ db: any SQLDatabase, customerID: Int64, address: String, at now: Date) async throws {
        try await db.raw("""
            INSERT INTO mail_password_settings (customer_id, address, enabled_at)
            VALUES (\(bind: customerID), \(bind: address), \(bind: now.millis))
            ON CONFLICT (customer_id) DO UPDATE SET address = excluded.address
            """).run()
    }

    @discardableResult
    public static func disable(_ db: any SQLDatabase, customerID: Int64) async throws -> Bool {
        try await db.raw("DELETE FROM mail_password_settings WHERE customer_id = \(bind: customerID) RETURNING customer_id")
            .first() != nil
    }
}
