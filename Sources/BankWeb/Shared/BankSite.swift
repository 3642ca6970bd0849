import BankServices
import Hummingbird

/// What the customer site and the back office share, written once: the bank, the listener's
/// settings, the renderer, and the helpers every handler of either uses (language, client,
/// the page chrome, rendering, the error screen). A site says only what differs.
protocol BankSite: Sendable {
    /// Whose sessions the site's pages are behind.
    associatedtype Kind: SessionKind
    var bank: Bank { get }
    var settings: WebSettings { get }
    var renderer: PageRenderer { get }

    /// The error screen's template and the key of its title.
    static var errorTemplate: String { get }
    static var errorTitleKey: String { get }
    /// Where the language switch returns after a GET of `target`: the page itself when it is
    /// one of this site's, else the site's start.
    static func returnPath(_ target: String) -> String
    /// Where it returns after a POST (the page cannot be fetched again).
    static var returnAfterPost: String { get }
    /// Who is logged in, as the header shows them.
    func signedIn(_ holder: Kind.View, _ lang: Language) -> (customerName: String?, staff: StaffBadge?)

    /// The site's session cookie and where a session that does not open a page is sent.
    var sessionGate: SessionGate<Kind> { get }
    /// The request's session, as the site's `SessionMiddleware` found it.
    static func session(_ context: BankRequestContext) -> SessionState<Kind>?
    /// The pre-login CSRF cookie's name; its tokens are signed for `preLoginPurpose` only.
    var preLoginCookieName: String { get }
    static var preLoginPurpose: String { get }
    /// A refusal's message key, in the site's words.
    static func messageKey(_ error: BankError) -> String
    /// Whether a signed-in page shows the idle-timeout countdown (its links are the site's:
    /// `CustomerLinks.session_extend`, `session_expired`).
    var showsSessionTimer: Bool { get }
}

extension BankSite {
    /// The reader's language: the language cookie, Japanese without one.
    func language(_ request: Request) -> Language {
        request.cookieValue(WebSettings.languageCookieName).flatMap(Language.init(rawValue:)) ?? .ja
    }

    /// Who sent the request, for the audit trail.
    func client(_ request: Request, _ context: BankRequestContext) -> ClientInfo {
        ClientInfo(request, context)
    }

    /// What every page shows around its own data: title, language switch, CSRF token, who is
    /// logged in, notice and errors.
    func chrome(_ request: Request, titleKey: String, csrf: String, holder: Kind.View?, notice: String? = nil,
                errors: [String] = []) -> PageChrome {
        let lang = language(request)
        let signedIn = holder.map { self.signedIn($0, lang) }
        return PageChrome(
            lang: lang, title: lang.text(titleKey), csrf: csrf,
            returnTo: request.method == .get
                ? Self.returnPath(request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")) : Self.returnAfterPost,
            customerName: signedIn?.customerName, staff: signedIn?.staff, notice: notice, errors: errors,
            sessionTimer: sessionTimer(signedIn: holder != nil, lang))
    }

    /// The countdown of the request's signed-in session, on a page that shows who is signed in.
    private func sessionTimer(signedIn: Bool, _ lang: Language) -> SessionTimer? {
        guard signedIn, showsSessionTimer, let left = SessionTimer.current else { return nil }
        return SessionTimer(left, lang: lang)
    }

    /// A screen: its typed model inside the chrome.
    func page<Model>(_ template: String, _ model: Model, _ chrome: PageChrome,
                     status: HTTPResponse.Status = .ok) throws -> Response {
        HTTPResponses.html(try renderer.render(template, PageContext(model: model, chrome: chrome)), status: status)
    }

    /// The site's error screen; `restart` adds a link back to the start of the flow that failed
    /// (its path and the key of the link's text).
    func errorPage(_ request: Request, messageKey: String, status: HTTPResponse.Status, csrf: String = "",
                   holder: Kind.View?, restart: (path: String, textKey: String)? = nil) throws -> Response {
        let lang = language(request)
        let model = ErrorPageModel(message: lang.text(messageKey),
                                   restart: restart.map { .init(path: $0.path, text: lang.text($0.textKey)) })
        return try page(Self.errorTemplate, model, chrome(request, titleKey: Self.errorTitleKey, csrf: csrf, holder: holder),
                        status: status)
    }
}

extension CustomerSite: BankSite {
    typealias Kind = CustomerSessions
    var sessionGate: SessionGate<CustomerSessions> { .customer(settings) }
    static func session(_ context: BankRequestContext) -> SessionState<CustomerSessions>? { context.customerSession }
    var preLoginCookieName: String { settings.preLoginCookieName }
    static let preLoginPurpose = "customer"
    static func messageKey(_ error: BankError) -> String { error.messageKey }
    static let errorTemplate = "error"
    static let errorTitleKey = "error.title"
    static func returnPath(_ target: String) -> String { safeLocalPath(target) }
    static var returnAfterPost: String { CustomerRoute.home.path }
    var showsSessionTimer: Bool { true }

    func signedIn(_ customer: SignedInCustomer, _ lang: Language) -> (customerName: String?, staff: StaffBadge?) {
        (lang.text("common.customer_name", customer.nameKanji), nil)
    }
}

extension StaffSite: BankSite {
    typealias Kind = StaffSessions
    var sessionGate: SessionGate<StaffSessions> { .staff(settings) }
    static func session(_ context: BankRequestContext) -> SessionState<StaffSessions>? { context.staffSession }
    var preLoginCookieName: String { Self.preLoginCookieName }
    static let preLoginPurpose = "staff"
    static let errorTemplate = "staff_error"
    static let errorTitleKey = "staff_error.title"
    static func returnPath(_ target: String) -> String { safeStaffPath(target) }
    static var returnAfterPost: String { StaffRoute.root }
    var showsSessionTimer: Bool { false }

    func signedIn(_ staff: StaffIdentity, _ lang: Language) -> (customerName: String?, staff: StaffBadge?) {
        (nil, StaffBadge(name: staff.name, staffID: staff.loginID, roleLabel: lang.text(staff.role.labelKey)))
    }
}
