/// Every event name the services write to the audit trail, in the order the 監査ログ filter
/// offers them (the customer's own actions, the counter, the back office, maker-checker,
/// staff). One list for the filter and for the test that checks each has a Japanese and an
/// English label; that test also reads the services' sources and fails when an `event:` there
/// is missing here, so a new event cannot be forgotten.
public enum AuditEventNames {
    public static let all: [String] = customer + counter + backOffice + requests + staff

    static let customer = [
        "login", "login_password", "login_otp", "logout", "session_timeout", "credential_locked", "unlock",
        "confirmation_password", "transfer", "account_name_lookup", "transfer_limit_changed",
        "mail_password", "mail_password_issued", "mail_password_enabled", "mail_password_disabled",
        // otp_activation: a wrong code at 利用開始 (Bank+OTP writes the check's purpose);
        // otp_token_expired / _replaced: "otp_token_\(ending)" when a new token is issued.
        "otp_token_issued", "otp_token_provision", "otp_token_expired", "otp_token_replaced", "otp_token_void",
        "otp_activation", "otp_activated", "otp_deactivated", "otp_reset",
        "payee_added", "payee_deleted",
    ]

    static let counter = [
        "customer_created", "account_opened", "counter_deposit", "counter_withdrawal", "bank_payee_registered",
        "bank_payee_removed", "mail_address_changed",
    ]

    static let backOffice = [
        "mail_retry", "mail_failed", "mail_expired", "mail_test_queued", "interbank_sent", "interbank_returned",
        "bank_directory_imported",
    ]

    /// "access_request_\(status)" for each decision.
    static let requests = [
        "access_requested", "access_request_approved", "access_request_rejected", "access_request_withdrawn",
    ]

    static let staff = [
        "staff_login", "staff_login_password", "staff_login_otp", "staff_logout", "staff_session_timeout", "staff_locked",
        "staff_unlocked", "staff_created", "staff_disabled", "staff_view",
    ]
}
