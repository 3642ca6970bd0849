import BankServices

/// Every page and endpoint of the customer site, as a value. The same value registers the
/// route (`pattern`, with `:id` where the path carries an id) and builds the link or redirect
/// to it (`path`), so a path is written once (SwiftPackageIndex-Server's `SiteURL`).
/// A nil id stands for the parameter itself: `.payeeDelete(id: nil)` is the route pattern.
enum CustomerRoute: Hashable, Sendable, SiteRoute {
    case home
    case login
    case loginOTP
    case logout
    case language
    case menu
    case balances
    case statement
    /// ログイン履歴, 振込・振替履歴照会 and one transfer's details (nil: the route's parameter).
    case loginHistory
    case transferHistory
    case transferHistoryDetail(reception: String?)
    /// 予約振込の取消 (POST, from the history's detail).
    case scheduledTransferCancel(reception: String?)
    case otpMenu
    case otpIssue
    case otpIssueDone
    case otpActivate
    case otpActivateDone
    case otpDeactivate
    case otpDeactivateDone
    case transfer
    case transferSelect
    case transferOther
    /// 金融機関・支店の検索 of 他口座への振込・振替.
    case transferBankSearch
    case transferBranchSearch
    case transferAmount
    case transferConfirm
    case transferExecute
    case transferMailPassword
    case transferDone
    case payees
    case payeeNew
    case payeeDelete(id: Int64?)
    case mailPassword
    case mailPasswordDone
    /// ログインパスワード変更 / 確認用パスワード変更 and their result screens.
    case passwordChange(CustomerPassword)
    case passwordChangeDone(CustomerPassword)
    /// 振込限度額変更, its result screen, and 取消 of a waiting raise.
    case transferLimit
    case transferLimitDone
    case transferLimitCancel
    /// 通知設定 (ログインのお知らせ) and its result screen.
    case notificationSettings
    case notificationSettingsDone
    /// メールアドレス変更, its "link sent" screen, and the link's page (GET shows, POST applies).
    case mailAddress
    case mailAddressSent
    case mailAddressConfirm
    /// 「延長する」 of the timeout warning (POST), and the script that counts down.
    case sessionExtend
    case sessionScript
    case tokenApp
    case tokenProvision
    case tokenStatus
    case stylesheet
    case health

    var path: String {
        switch self {
        case .home: "/"
        case .login: "/login"
        case .loginOTP: "/login/otp"
        case .logout: "/logout"
        case .language: "/language"
        case .menu: "/menu"
        case .balances: "/balances"
        case .statement: "/statement"
        case .loginHistory: "/history/logins"
        case .transferHistory: "/history/transfers"
        case .transferHistoryDetail(let reception): "/history/transfers/\(reception ?? ":reception")"
        case .scheduledTransferCancel(let reception): "/history/transfers/\(reception ?? ":reception")/cancel"
        case .otpMenu: "/otp"
        case .otpIssue: "/otp/issue"
        case .otpIssueDone: "/otp/issue/done"
        case .otpActivate: "/otp/activate"
        case .otpActivateDone: "/otp/activate/done"
        case .otpDeactivate: "/otp/deactivate"
        case .otpDeactivateDone: "/otp/deactivate/done"
        case .transfer: "/transfer"
        case .transferSelect: "/transfer/select"
        case .transferOther: "/transfer/other"
        case .transferBankSearch: "/transfer/destination/bank"
        case .transferBranchSearch: "/transfer/destination/branch"
        case .transferAmount: "/transfer/amount"
        case .transferConfirm: "/transfer/confirm"
        case .transferExecute: "/transfer/execute"
        case .transferMailPassword: "/transfer/mail-password"
        case .transferDone: "/transfer/done"
        case .payees: "/payees"
        case .payeeNew: "/payees/new"
        case .payeeDelete(let id): "/payees/\(Self.segment(id))/delete"
        case .mailPassword: "/mail-password"
        case .mailPasswordDone: "/mail-password/done"
        case .passwordChange(let password): "/settings/\(Self.settingsSegment(password))"
        case .passwordChangeDone(let password): "/settings/\(Self.settingsSegment(password))/done"
        case .transferLimit: "/settings/transfer-limit"
        case .transferLimitDone: "/settings/transfer-limit/done"
        case .transferLimitCancel: "/settings/transfer-limit/cancel"
        case .notificationSettings: "/settings/notifications"
        case .notificationSettingsDone: "/settings/notifications/done"
        case .mailAddress: "/settings/mail-address"
        case .mailAddressSent: "/settings/mail-address/sent"
        case .mailAddressConfirm: MailAddressChangeService.confirmationPath
        case .sessionExtend: "/session/extend"
        case .sessionScript: "/static/session-timer.js"
        case .tokenApp: "/token-app"
        case .tokenProvision: "/api/v1/token/provision"
        case .tokenStatus: "/api/v1/token/status"
        case .stylesheet: "/static/app.css"
        case .health: "/healthz"
        }
    }

    private static func settingsSegment(_ password: CustomerPassword) -> String {
        password == .login ? "login-password" : "confirmation-password"
    }

    /// The pattern the router registers: the path with its parameters as `:id`.
    var pattern: String {
        switch self {
        case .payeeDelete: Self.payeeDelete(id: nil).path
        case .transferHistoryDetail: Self.transferHistoryDetail(reception: nil).path
        case .scheduledTransferCancel: Self.scheduledTransferCancel(reception: nil).path
        default: path
        }
    }
}
