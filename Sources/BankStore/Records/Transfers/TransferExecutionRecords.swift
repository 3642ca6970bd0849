import BankCore
import Foundation
import SQLKit

/// What 実行 reads before the 確認用パスワード's hash, in one statement (one round trip on
/// PostgreSQL instead of five): the customer, the 確認画面 by its nonce, the facts the extra
/// factor in force is judged from, and the customer's password counters. The judging itself
/// stays in BankServices (`ExtraFactorState.judged`), written once for every caller.
public struct TransferExecutionFacts: Sendable {
    public var customer: CustomerRecord
    public var confirmation: TransferConfirmationRecord?
    public var hasMailPasswordSetting: Bool
    /// The customer's live token (issued, provisioned or active), if any.
    public var liveToken: (status: OTPTokenStatus, setupExpiresAt: Date)?
    public var counters: [Credential: CredentialState]
}

public enum TransferExecutionRecords {
    static let counted: [Credential] = [.confirmationPassword, .mailPassword]

    /// The statement's columns, built once: the customer's, the 確認画面's, the factor's facts and
    /// each counted credential's failures and lock.
    static let selectedColumns: String = {
        var columns = JoinedColumns.aliased(CustomerRecords.columns, of: "c") + """
            , tc.nonce AS tc_nonce, tc.customer_id AS tc_customer_id, tc.session_hash AS tc_session_hash,
              tc.details AS tc_details, tc.created_at AS tc_created_at, tc.used_at AS tc_used_at,
              CASE WHEN EXISTS (SELECT 1 FROM mail_password_settings m WHERE m.customer_id = c.id) THEN 1 ELSE 0 END
                  AS has_mail_password_setting
            """
        let live = "t.customer_id = c.id AND t.status IN \(OTPTokenRecords.liveStatuses)"
        columns += ", (SELECT t.status FROM otp_tokens t WHERE \(live)) AS token_status"
        columns += ", (SELECT t.setup_expires_at FROM otp_tokens t WHERE \(live)) AS token_setup_expires_at"
        for credential in counted {
            let filter = "f.customer_id = c.id AND f.credential = '\(credential.rawValue)'"
            columns += ", (SELECT f.failures FROM credential_failures f WHERE \(filter)) AS \(credential.rawValue)_failures"
            columns += ", (SELECT f.locked_at FROM credential_failures f WHERE \(filter)) AS \(credential.rawValue)_locked_at"
        }
        return columns
    }()

    /// Nil for an unknown customer.
    public static func facts(_ db: any SQLDatabase, customerID: Int64, nonce: String) async throws -> TransferExecutionFacts? {
        guard let row = try await db.raw("""
            SELECT \(unsafeRaw: selectedColumns)
            FROM customers c LEFT JOIN transfer_confirmations tc ON tc.nonce = \(bind: nonce)
            WHERE c.id = \(bind: customerID)
            """).first() else { return nil }
        var confirmation: TransferConfirmationRecord?
        if let found = try row.decode(column: "tc_nonce", as: String?.self) {
            confirmation = TransferConfirmationRecord(
                nonce: found, customerID: try row.decode(column: "tc_customer_id", as: Int64.self),
                sessionHash: try row.decode(column: "tc_session_hash", as: String.self),
                details: try row.decode(column: "tc_details", as: String.self),
                createdAt: Date(millis: try row.decode(column: "tc_created_at", as: Int64.self)),
                usedAt: try row.decode(column: "tc_used_at", as: Int64?.self).map(Date.init(millis:)))
        }
        var token: (OTPTokenStatus, Date)?
        if let status = try row.decode(column: "token_status", as: String?.self).flatMap(OTPTokenStatus.init(rawValue:)),
           let expires = try row.decode(column: "token_setup_expires_at", as: Int64?.self) {
            token = (status, Date(millis: expires))
        }
        var counters: [Credential: CredentialState] = [:]
        for credential in counted {
            guard let failures = try row.decode(column: "\(credential.rawValue)_failures", as: Int?.self) else { continue }
            counters[credential] = CredentialState(
                credential: credential, failures: failures,
                lockedAt: try row.decode(column: "\(credential.rawValue)_locked_at", as: Int64?.self).map(Date.init(millis:)))
        }
        return TransferExecutionFacts(
            customer: try CustomerRecords.decode(row), confirmation: confirmation,
            hasMailPasswordSetting: try row.decode(column: "has_mail_password_setting", as: Int.self) == 1,
            liveToken: token, counters: counters)
    }
}
