import Foundation

/// Changes that give a customer back access the bank had taken away (or widen what a stolen
/// login could do) are asked for by one member of staff and take effect only when a
/// different 役席 approves them: maker-checker (issue 6 § Staff and access).
public enum AccessRequestKind: String, Sendable, Codable, CaseIterable {
    /// Clears one credential's failure counter and lock.
    case unlock = "unlock"
    /// Lost phone: ends the customer's token, so they log in with their password alone
    /// until they set up a new one.
    case otpReset = "otp_reset"
    /// Stops the メール通知パスワード (e.g. the customer lost that mailbox).
    case mailPasswordOff = "mail_password_off"
    /// Raises the customer's 振込限度額 (lowering it needs no approval).
    case transferLimit = "transfer_limit"
    /// A 登録メールアドレス変更 that would send the メール通知パスワード to a new address: the
    /// address that receives a customer's second factor is as good as a credential.
    case mailAddress = "mail_address"
    /// 予約振込の取消 by the bank (the customer asked at the counter, or the bank stops it):
    /// `target` is the booking's 受付番号. Money that would leave a customer's account on a
    /// later day is stopped only by two people, like the other changes here.
    case scheduledTransferCancel = "scheduled_transfer_cancel"

    public var labelKey: String { "access_request.kind.\(rawValue)" }
}

public enum AccessRequestStatus: String, Sendable, Codable, CaseIterable {
    case pending = "pending"
    case approved = "approved"
    case rejected = "rejected"
    /// Taken back by the member of staff who asked.
    case withdrawn = "withdrawn"

    public var labelKey: String { "access_request.status.\(rawValue)" }
}

/// 本人確認書類: how the counter checked who the customer is before asking for an OTP reset.
public enum IdentityDocument: String, Sendable, Codable, CaseIterable {
    case driversLicense = "drivers_license"
    case myNumberCard = "my_number_card"
    case passport = "passport"
    case healthInsurance = "health_insurance"
    case residenceCard = "residence_card"
    case other = "other"

    public var labelKey: String { "identity_document.\(rawValue)" }
}

/// Why a request cannot be made or decided as asked.
public enum AccessRequestRefusal: Error, Sendable, Equatable {
    /// The same request for this customer is waiting for a decision already.
    case duplicate
    /// An unlock of a credential that is not locked.
    case notLocked
    /// No request has that number.
    case notFound
    /// Only a 役席 approves or rejects.
    case notApprover
    /// Nobody approves what they asked for themselves.
    case ownRequest
    /// Only the member of staff who asked may withdraw a request.
    case notRequester
    /// Approved, rejected or withdrawn already (also when two supervisors click at once).
    case alreadyDecided

    public var messageKey: String {
        switch self {
        case .duplicate: "error.access_request.duplicate"
        case .notLocked: "error.access_request.not_locked"
        case .notFound: "error.access_request.not_found"
        case .notApprover: "error.access_request.not_approver"
        case .ownRequest: "error.access_request.own_request"
        case .notRequester: "error.access_request.not_requester"
        case .alreadyDecided: "error.access_request.decided"
        }
    }
}

/// The maker-checker rules, with no I/O: who may decide which request.
public enum AccessRequestRules {
    /// Approve or reject: a 役席 who did not ask, while the request is pending.
    public static func checkDecision(status: AccessRequestStatus, requestedBy: Int64,
                                     decider: Int64, deciderRole: StaffRole) throws(AccessRequestRefusal) {
        guard StaffRole.approvers.contains(deciderRole) else { throw .notApprover }
        guard requestedBy != decider else { throw .ownRequest }
        guard status == .pending else { throw .alreadyDecided }
    }

    /// Withdraw: only the one who asked, while the request is pending.
    public static func checkWithdrawal(status: AccessRequestStatus, requestedBy: Int64,
                                       by staff: Int64) throws(AccessRequestRefusal) {
        guard requestedBy == staff else { throw .notRequester }
        guard status == .pending else { throw .alreadyDecided }
    }

    /// A reason or a decision note: one line, 1–200 characters after trimming.
    public static func normalizeNote(_ raw: String, required: Bool) -> String? {
        let note = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if note.isEmpty { return required ? nil : "" }
        guard note.count <= 200, !note.contains(where: \.isNewline) else { return nil }
        return note
    }
}
