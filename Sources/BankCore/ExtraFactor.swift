import Foundation

/// Where a customer's one-time password token is in its life.
public enum OTPTokenStatus: String, Sendable, Codable, CaseIterable {
    /// トークン発行 done, the app not yet set up (provisioning pending).
    case issued
    /// The app received its secret; 利用開始 (the first code) still owed.
    case provisioned
    /// 利用開始 done: every login asks for the code.
    case active
    /// Ended states, kept for the audit trail and the compensation report.
    case replaced, expired, void, deactivated, reset

    /// Issued, provisioned or active: the token that counts for the customer.
    public var isLive: Bool { self == .issued || self == .provisioned || self == .active }
}

/// The one extra factor a customer may have (notice: どちらか一方).
public enum ExtraFactorState: Sendable, Equatable {
    case none
    /// A token issued or set up but not yet activated: login does not ask for it yet.
    case otpPending(OTPTokenStatus)
    case otpActive
    case mailPassword

    /// The factors in force for a login: the login password, plus the OTP once active.
    public var loginFactors: [Credential] {
        self == .otpActive ? [.loginPassword, .otp] : [.loginPassword]
    }

    /// The factors in force for a customer, for the audit trail and the compensation report.
    public var factorsInForce: [Credential] {
        switch self {
        case .none, .otpPending: [.loginPassword, .confirmationPassword]
        case .otpActive: [.loginPassword, .otp, .confirmationPassword]
        case .mailPassword: [.loginPassword, .confirmationPassword, .mailPassword]
        }
    }
}

/// Why a change of extra factor is refused, each with the message the customer reads.
public enum ExtraFactorRefusal: Error, Sendable, Equatable {
    case mailPasswordOn
    case otpAlreadyActive
    case otpInUse
    case noTokenIssued
    case tokenNotSetUp
    case noTokenToEnd
    case otpNotPresented
    /// 利用しない while the mail password is not on.
    case mailPasswordOff

    public var messageKey: String {
        switch self {
        case .mailPasswordOn: "error.otp.mail_password_on"
        case .otpAlreadyActive: "error.otp.already_active"
        case .otpInUse: "error.mail_password.otp_in_use"
        case .noTokenIssued: "error.otp.not_issued"
        case .tokenNotSetUp: "error.otp.not_set_up"
        case .noTokenToEnd: "error.otp.nothing_to_end"
        case .otpNotPresented: "error.otp.login_with_otp"
        case .mailPasswordOff: "error.mail_password.not_on"
        }
    }
}

/// The rules of the extra factors, free of storage so they can be read and tested alone.
public enum ExtraFactorRules {
    /// トークン発行: not while the mail password is on; not over an active token (利用解除
    /// first, or the bank's reset). A pending token is replaced.
    public static func checkIssue(_ state: ExtraFactorState) throws(ExtraFactorRefusal) {
        switch state {
        case .mailPassword: throw .mailPasswordOn
        case .otpActive: throw .otpAlreadyActive
        case .none, .otpPending: return
        }
    }

    /// 利用開始: the app must have been set up with the issued token.
    public static func checkActivate(_ state: ExtraFactorState) throws(ExtraFactorRefusal) {
        switch state {
        case .mailPassword: throw .mailPasswordOn
        case .otpActive: throw .otpAlreadyActive
        case .none: throw .noTokenIssued
        case .otpPending(let status): if status != .provisioned { throw .tokenNotSetUp }
        }
    }

    /// 利用解除: an active token may be ended only by a session that presented the OTP at
    /// login; a pending one (never activated) may be withdrawn at any time.
    public static func checkDeactivate(_ state: ExtraFactorState, presented: [Credential]) throws(ExtraFactorRefusal) {
        switch state {
        case .none, .mailPassword: throw .noTokenToEnd
        case .otpPending: return
        case .otpActive: if !presented.contains(.otp) { throw .otpNotPresented }
        }
    }

    /// メール通知パスワード 利用する: not while a token is issued or active.
    public static func checkEnableMailPassword(_ state: ExtraFactorState) throws(ExtraFactorRefusal) {
        switch state {
        case .otpActive, .otpPending: throw .otpInUse
        case .none, .mailPassword: return
        }
    }
}

/// The 利用開始パスワード: 4–8 digits chosen at トークン発行, used once by the app.
public enum ActivationPasswordPolicy {
    /// The password as stored (ASCII digits), or nil when it is not 4–8 digits.
    /// Full-width digits are accepted: Japanese keyboards type them.
    public static func normalize(_ raw: String) -> String? {
        let text = TextNormalizer.fullwidthASCIIToHalfwidth(raw)
        guard (4...8).contains(text.count), text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
        return text
    }
}

/// The token user ID: 10 digits of its own (never the login ID), mailed after トークン発行.
public enum TokenUserID {
    public static let length = 10

    public static func generate(random: any RandomSource) -> String {
        // Rejection sampling keeps every digit uniform.
        var digits = ""
        while digits.count < length {
            for byte in random.bytes(length) where byte < 250 && digits.count < length {
                digits.append(Character(String(byte % 10)))
            }
        }
        return digits
    }

    /// The ID as typed (spaces, hyphens and full-width digits allowed), or nil.
    public static func normalize(_ raw: String) -> String? {
        let text = TextNormalizer.fullwidthASCIIToHalfwidth(raw).filter { $0 != " " && $0 != "-" }
        guard text.count == length, text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
        return text
    }
}
