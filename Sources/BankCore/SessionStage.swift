/// How far a customer's login has come. Stored as text in `sessions.stage`.
public enum SessionStage: String, Sendable, Codable {
    /// Password accepted; the one-time password step is still owed.
    case otpPending = "otp_pending"
    case authenticated
}

/// How far a member of staff's login has come. Stored as text in `staff_sessions.stage`.
public enum StaffSessionStage: String, Sendable, Codable {
    /// Password accepted; the TOTP code is still owed. No back-office page opens.
    case password
    case authenticated
}
