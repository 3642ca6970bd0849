/// Every page of the back office (事務管理部, under `/staff`), as a value: it registers the
/// route (`pattern`) and builds every link and redirect to it (`path`). A nil id stands for
/// the router's parameter: `.customer(id: nil).pattern` is `/staff/customers/:id`.
enum StaffRoute: Hashable, Sendable, SiteRoute {
    case home
    case login
    case loginOTP
    case logout
    case language
    case customers
    case customer(id: Int64?)
    case audit
    case auditCSV
    case compensation
    // Operations
    case mail
    case mailRetryFailed
    case mailRetry(id: Int64?)
    case interbank
    case interbankSent(id: Int64?)
    case interbankReturn(id: Int64?)
    case interbankExport
    case interbankReexport
    case ledger
    // Counter work
    case customerNew
    case accountNew(customerID: Int64?)
    case postingNew(customerID: Int64?)
    case payeeNew(customerID: Int64?)
    case payeeDelete(customerID: Int64?, payeeID: Int64?)
    case mailAddress(customerID: Int64?)
    // Access and approval requests
    case access(customerID: Int64?)
    case limit(customerID: Int64?)
    case requests
    case request(id: Int64?)
    /// `decision` nil is the parameter (`approve`, `reject` … are checked by the handler).
    case requestDecision(id: Int64?, decision: String?)
    /// 振込限度額の引上げ（適用待ち） and the bank's 取消 of one.
    case limitRaises
    case limitRaiseCancel(id: Int64?)
    /// 予約中の振込 (予約振込 waiting), one booking, and the request to cancel it.
    case scheduled
    case scheduledBooking(id: Int64?)
    case scheduledCancel(id: Int64?)

    /// Where every back-office path starts; the staff cookies are scoped to it.
    static let root = "/staff"

    var path: String {
        let root = Self.root
        return switch self {
        case .home: root
        case .login: root + "/login"
        case .loginOTP: root + "/login/otp"
        case .logout: root + "/logout"
        case .language: root + "/language"
        case .customers: root + "/customers"
        case .customer(let id): root + "/customers/\(Self.segment(id))"
        case .audit: root + "/audit"
        case .auditCSV: root + "/audit.csv"
        case .compensation: root + "/compensation"
        case .mail: root + "/mail"
        case .mailRetryFailed: root + "/mail/retry-failed"
        case .mailRetry(let id): root + "/mail/\(Self.segment(id))/retry"
        case .interbank: root + "/interbank"
        case .interbankSent(let id): root + "/interbank/\(Self.segment(id))/sent"
        case .interbankReturn(let id): root + "/interbank/\(Self.segment(id))/return"
        case .interbankExport: root + "/interbank/export"
        case .interbankReexport: root + "/interbank/reexport"
        case .ledger: root + "/ledger"
        case .customerNew: root + "/customers/new"
        case .accountNew(let customerID): Self.customer(id: customerID).path + "/accounts/new"
        case .postingNew(let customerID): Self.customer(id: customerID).path + "/postings/new"
        case .payeeNew(let customerID): Self.customer(id: customerID).path + "/payees/new"
        case .payeeDelete(let customerID, let payeeID):
            Self.customer(id: customerID).path + "/payees/\(Self.segment(payeeID, name: "payeeID"))/delete"
        case .mailAddress(let customerID): Self.customer(id: customerID).path + "/mail-address"
        case .access(let customerID): Self.customer(id: customerID).path + "/access"
        case .limit(let customerID): Self.customer(id: customerID).path + "/limit"
        case .requests: root + "/requests"
        case .request(let id): root + "/requests/\(Self.segment(id))"
        case .requestDecision(let id, let decision): Self.request(id: id).path + "/" + (decision ?? ":decision")
        case .limitRaises: root + "/limit-raises"
        case .limitRaiseCancel(let id): root + "/limit-raises/\(Self.segment(id))/cancel"
        case .scheduled: root + "/scheduled"
        case .scheduledBooking(let id): root + "/scheduled/\(Self.segment(id))"
        case .scheduledCancel(let id): Self.scheduledBooking(id: id).path + "/cancel"
        }
    }

    /// The router's pattern: the path with every id as its parameter.
    var pattern: String {
        switch self {
        case .customer: Self.customer(id: nil).path
        case .mailRetry: Self.mailRetry(id: nil).path
        case .interbankSent: Self.interbankSent(id: nil).path
        case .interbankReturn: Self.interbankReturn(id: nil).path
        case .accountNew: Self.accountNew(customerID: nil).path
        case .postingNew: Self.postingNew(customerID: nil).path
        case .payeeNew: Self.payeeNew(customerID: nil).path
        case .payeeDelete: Self.payeeDelete(customerID: nil, payeeID: nil).path
        case .mailAddress: Self.mailAddress(customerID: nil).path
        case .access: Self.access(customerID: nil).path
        case .limit: Self.limit(customerID: nil).path
        case .request: Self.request(id: nil).path
        case .requestDecision: Self.requestDecision(id: nil, decision: nil).path
        case .limitRaiseCancel: Self.limitRaiseCancel(id: nil).path
        case .scheduledBooking: Self.scheduledBooking(id: nil).path
        case .scheduledCancel: Self.scheduledCancel(id: nil).path
        default: path
        }
    }

    /// Whether a request path belongs to the back office.
    static func contains(_ path: String) -> Bool {
        path == root || path.hasPrefix(root + "/")
    }
}
