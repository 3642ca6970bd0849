/// Every event the services write to the audit trail. The raw value is what is stored (rows
/// written before this type existed read the same), and the order of the cases is the order the
/// 監査ログ filter offers them: the customer's own actions, the counter, the back office,
/// maker-checker, staff. A new event is a new case: the filter, the labels test and the
/// writer then know it.
public enum AuditEventName: String, CaseIterable, Sendable, Codable {
    // The customer's own actions.
    case login
    case loginPassword = "login_password"
    case loginOTP = "login_otp"
    case logout
    case sessionTimeout = "session_timeout"
    case credentialLocked = "credential_locked"
    case unlock
    case confirmationPassword = "confirmation_password"
    case transfer
    /// 予約振込: booked (also recorded as a `transfer` row's status), cancelled, run on its day.
    case transferScheduled = "transfer_scheduled"
    case scheduledTransferCancelled = "scheduled_transfer_cancelled"
    case scheduledTransferRun = "scheduled_transfer_run"
    case accountNameLookup = "account_name_lookup"
    case transferLimitChanged = "transfer_limit_changed"
    /// A raise of the 振込限度額 asked for by the customer, waiting out the cooling-off.
    case transferLimitRaiseRequested = "transfer_limit_raise_requested"
    /// A waiting raise cancelled, by the customer or the bank.
    case transferLimitRaiseCancelled = "transfer_limit_raise_cancelled"
    case mailPassword = "mail_password"
    case mailPasswordIssued = "mail_password_issued"
    case mailPasswordEnabled = "mail_password_enabled"
    case mailPasswordDisabled = "mail_password_disabled"
    case otpTokenIssued = "otp_token_issued"
    case otpTokenProvision = "otp_token_provision"
    case otpTokenExpired = "otp_token_expired"
    case otpTokenReplaced = "otp_token_replaced"
    case otpTokenVoid = "otp_token_void"
    /// A wrong code at 利用開始.
    case otpActivation = "otp_activation"
    case otpActivated = "otp_activated"
    case otpDeactivated = "otp_deactivated"
    case otpReset = "otp_reset"
    case payeeAdded = "payee_added"
    case payeeDeleted = "payee_deleted"
    case loginPasswordChanged = "login_password_changed"
    case confirmationPasswordChanged = "confirmation_password_changed"
    /// メールアドレス変更 asked for on the site (the link mailed), confirmed from the link (the
    /// change made), or refused (a wrong one-time password, a link that no longer works).
    case mailAddressChangeRequested = "mail_address_change_requested"
    case mailAddressChangeConfirmed = "mail_address_change_confirmed"
    case mailAddressChangeRefused = "mail_address_change_refused"
    case notificationSettingsChanged = "notification_settings_changed"
    // The counter.
    case customerCreated = "customer_created"
    case accountOpened = "account_opened"
    case counterDeposit = "counter_deposit"
    case counterWithdrawal = "counter_withdrawal"
    case bankPayeeRegistered = "bank_payee_registered"
    case bankPayeeRemoved = "bank_payee_removed"
    case mailAddressChanged = "mail_address_changed"
    // The back office.
    case mailRetry = "mail_retry"
    case mailFailed = "mail_failed"
    case mailExpired = "mail_expired"
    case mailTestQueued = "mail_test_queued"
    case interbankSent = "interbank_sent"
    case interbankReturned = "interbank_returned"
    case interbankExported = "interbank_exported"
    case interbankFileReexported = "interbank_file_reexported"
    case bankDirectoryImported = "bank_directory_imported"
    case holidaysImported = "holidays_imported"
    /// `kyoei admin backup` (SQLite) and `kyoei admin secrets reseal`: the operator's work on the store as a whole.
    case databaseBackup = "database_backup"
    case secretsResealed = "secrets_resealed"
    // Maker-checker.
    case accessRequested = "access_requested"
    case accessRequestApproved = "access_request_approved"
    case accessRequestRejected = "access_request_rejected"
    case accessRequestWithdrawn = "access_request_withdrawn"
    // Staff.
    case staffLogin = "staff_login"
    case staffLoginPassword = "staff_login_password"
    case staffLoginOTP = "staff_login_otp"
    case staffLogout = "staff_logout"
    case staffSessionTimeout = "staff_session_timeout"
    case staffLocked = "staff_locked"
    case staffUnlocked = "staff_unlocked"
    case staffCreated = "staff_created"
    case staffDisabled = "staff_disabled"
    case staffView = "staff_view"
}

extension AuditEventName {
    /// The customer's logins and login attempts, as the 補償判定資料 and the customer screen read them.
    public static let customerLogins: [AuditEventName] = [.login, .loginPassword, .loginOTP]

    /// The attempts at 実行 that a 補償判定資料 lists as transfers when they were for one.
    public static let transferAttempts: [AuditEventName] = [.transfer, .confirmationPassword, .mailPassword]
}
