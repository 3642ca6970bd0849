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
        default: path
        }
    }
}
