/// The code words an audit detail starts with, as stored: why something failed or was
/// refused, which step it was, what was looked at, what a password was asked for. The 監査ログ
/// screen labels those its table knows (`staff_detail_code.<code>`) and shows the others as stored.
public enum AuditCode: String, CaseIterable, Sendable, Codable {
    // Why a session ended.
    case absolute, idle
    // Why an attempt failed or was refused, or how far a login got.
    case locked
    case otpLocked = "otp_locked"
    case otpRequired = "otp_required"
    case otp
    case wrongPassword = "wrong_password"
    case wrongOTP = "wrong_otp"
    case wrongCode = "wrong_code"
    case codeAlreadyUsed = "code_already_used"
    case wrongActivationPassword = "wrong_activation_password"
    case unknownServiceOrUser = "unknown_service_or_user"
    case unknownLoginID = "unknown_login_id"
    case unknownStaffID = "unknown_staff_id"
    case unavailable, raced
    case nothingLocked = "nothing_locked"
    case forbidden
    case allFailed = "all_failed"
    case insufficientFunds = "insufficient_funds"
    case refused
    // What an approved access request did (its outcome).
    case mailPasswordOff = "mail_password_off"
    case addressChanged = "address_changed"
    // What a member of staff looked at (`staff_view`).
    case customerSearch = "customer_search"
    case customerDetail = "customer_detail"
    case auditLog = "audit_log"
    case auditCSV = "audit_csv"
    case compensationReport = "compensation_report"
    case compensationChoices = "compensation_choices"
    case counterForm = "counter_form"
    case accessRequests = "access_requests"
    case mailOutbox = "mail_outbox"
    case interbankQueue = "interbank_queue"
    case ledgerVerify = "ledger_verify"
    // What a confirmation password was asked for (the first word of a `confirmation_password`
    // row; a 補償判定資料 lists the `transfer` ones).
    case transfer
    /// 予約振込の取消 (the 確認用パスワード's purpose; the booking's end).
    case scheduleCancel = "schedule_cancel"
    case payeeAdd = "payee_add"
    case payeeDelete = "payee_delete"
    case otpIssue = "otp_issue"
    case otpDeactivate = "otp_deactivate"
    case mailPasswordSetting = "mail_password_setting"
    case passwordChange = "password_change"
    case mailAddressChange = "mail_address_change"
    case transferLimit = "transfer_limit"
    case limitRaises = "limit_raises"
    // Who cancelled a raise of the 振込限度額 (`transfer_limit_raise_cancelled`).
    case byCustomer = "by_customer"
    case byBank = "by_bank"
    // The back office's 予約中 list (a `staff_view`).
    case scheduledTransfers = "scheduled_transfers"
    case notificationSettings = "notification_settings"
}
