import BankCore

extension AuditEventName {
    /// A token ended because a new one was issued: expired when its setup time had run out.
    static func tokenEnded(_ ending: OTPTokenStatus) -> AuditEventName {
        ending == .expired ? .otpTokenExpired : .otpTokenReplaced
    }

    /// A 役席's (or the requester's) decision on an access request.
    static func accessDecided(_ status: AccessRequestStatus) -> AuditEventName {
        switch status {
        case .approved: .accessRequestApproved
        case .rejected: .accessRequestRejected
        case .withdrawn: .accessRequestWithdrawn
        case .pending: .accessRequested
        }
    }

    /// A cash deposit or withdrawal at the counter.
    static func counter(_ direction: CounterDirection) -> AuditEventName {
        direction == .deposit ? .counterDeposit : .counterWithdrawal
    }
}
