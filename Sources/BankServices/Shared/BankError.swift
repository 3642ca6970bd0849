import BankCore

public enum BankError: Error, Equatable, Sendable {
    case invalidInput([FieldError])
    case customerNotFound
    case accountNotFound
    case branchNotFound
    case duplicateLoginID
    case insufficientFunds
    case notYourAccount
    case mailNotRetryable
    case secretKeysMissing
    case factor(ExtraFactorRefusal)
    case wrongConfirmationPassword
    case credentialLocked(Credential)
    case wrongOTP
    /// The code was right but already used (by this or another request): wait for the next
    /// one. Not a wrong code: nothing is counted.
    case otpAlreadyUsed
    /// Every place to check this credential was held by checks in flight for longer than the
    /// wait allows: nothing was checked or counted; the customer may simply try again.
    case tryAgainLater
    case payeeNotFound
    case duplicatePayee
    case transferRefused(TransferRefusal)
    /// 予約振込: a 振込指定日 that cannot be booked, or a 取消 too late.
    case scheduleRefused(ScheduleRefusal)
    case mailPasswordRefused(MailPasswordRefusal)
    /// The 確認画面 is unknown, from another session or too old: start the transfer again.
    case confirmationExpired
    case transferNotFound
    /// The transfer is not in a status that allows this (its status now).
    case transferStatus(String)
    case directoryImport(BankDirectoryCSVError)
    /// A holiday file (`kyoei admin holidays import`) that cannot be read: nothing imported.
    case holidayImport(HolidayFileError)
    /// Too many typed accounts of this bank looked up in the last hour.
    case tooManyNameLookups
    /// The back office refused a member of staff (login, code, role).
    case staff(StaffRefusal)
    /// Maker-checker: a request that cannot be made or decided as asked.
    case accessRequest(AccessRequestRefusal)
    /// メールアドレス変更: the confirmation link does nothing (unknown, expired, used, replaced).
    case mailAddressLink(MailAddressLinkRefusal)

    public var messageKey: String {
        switch self {
        case .invalidInput(let errors): errors.first?.messageKey ?? "error.invalid_input"
        case .customerNotFound: "error.customer_not_found"
        case .accountNotFound: "error.account_not_found"
        case .branchNotFound: "error.branch_not_found"
        case .duplicateLoginID: "error.login_id.taken"
        case .insufficientFunds: "error.insufficient_funds"
        case .notYourAccount: "error.account_not_found"
        case .mailNotRetryable: "error.mail.not_retryable"
        case .secretKeysMissing: "error.secret_keys_missing"
        case .factor(let refusal): refusal.messageKey
        case .wrongConfirmationPassword: "error.confirmation_password.wrong"
        case .credentialLocked(let credential): "error.locked.\(credential.rawValue)"
        case .wrongOTP: "error.otp.wrong"
        case .otpAlreadyUsed: "error.otp.already_used"
        case .tryAgainLater: "error.try_again_later"
        case .payeeNotFound: "error.payee.not_found"
        case .duplicatePayee: "error.payee.duplicate"
        case .transferRefused(let refusal): refusal.messageKey
        case .scheduleRefused(let refusal): refusal.messageKey
        case .mailPasswordRefused(let refusal): refusal.messageKey
        case .confirmationExpired: "error.transfer.confirmation_expired"
        case .transferNotFound: "error.transfer.not_found"
        case .transferStatus: "error.transfer.status"
        case .directoryImport(let error): error.messageKey
        case .holidayImport(let error): error.messageKey
        case .tooManyNameLookups: "error.transfer.too_many_lookups"
        case .staff(let refusal): refusal.messageKey
        case .accessRequest(let refusal): refusal.messageKey
        case .mailAddressLink(let refusal): refusal.messageKey
        }
    }
}
