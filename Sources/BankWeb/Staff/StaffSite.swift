import BankCore
import BankServices
import Foundation
import Hummingbird

/// 事務管理部: the bank staff's back office, a site of its own under `/staff`. It shares the
/// router and the security headers with the customer site and nothing else: its own session
/// table, its own cookie (`Path=/staff`, `SameSite=Strict`), its own CSRF tokens, its own
/// header and colour so no one mistakes it for the customer site.
public struct StaffSite: Sendable {
    let bank: Bank
    let settings: WebSettings
    let renderer: PageRenderer

    public init(bank: Bank, settings: WebSettings, renderer: PageRenderer) {
        self.bank = bank
        self.settings = settings
        self.renderer = renderer
    }

    /// The back office's session cookie (see `SessionGate.staff`).
    static let sessionCookieName = "kyoei_staff"
    /// The login form's CSRF token before there is a session (double submit), also `/staff` only.
    static let preLoginCookieName = "kyoei_staff_prelogin"

    /// The routes in groups by what they need: none (the login form), the session resolved
    /// (`SessionMiddleware`), and per group the CSRF token its forms carry.
    func addRoutes(to router: Router<BankRequestContext>) {
        router.get(StaffRoute.login) { request, context in try await self.showLogin(request, context) }
        router.group().add(middleware: formCheck(.preLogin))
            .post(StaffRoute.login) { request, context in try await self.submitLogin(request, context) }

        let sessions = router.group().add(middleware: SessionMiddleware(staff: bank, settings: settings))
        sessions.group().add(middleware: formCheck(.sessionOrPreLogin))
            .post(StaffRoute.language) { request, context in try await self.switchLanguage(request, context) }
        sessions.group().add(middleware: formCheck(.session(pending: nil)))
            .post(StaffRoute.logout) { request, context in try await self.logout(request, context) }
        sessions.group().add(middleware: formCheck(.session(pending: true)))
            .get(StaffRoute.loginOTP) { request, context in try await self.showLoginOTP(request, context) }
            .post(StaffRoute.loginOTP) { request, context in try await self.submitLoginOTP(request, context) }

        let signedIn = sessions.group().add(middleware: formCheck(.session(pending: false)))
            .add(middleware: refusalPages())
        signedIn.get(StaffRoute.home) { request, context in try await self.home(request, context) }
        signedIn.get(StaffRoute.customers) { request, context in try await self.customerSearch(request, context) }
        signedIn.get(StaffRoute.customer(id: nil)) { request, context in try await self.customerDetail(request, context) }
        signedIn.get(StaffRoute.audit) { request, context in try await self.auditLog(request, context) }
        signedIn.get(StaffRoute.auditCSV) { request, context in try await self.auditCSV(request, context) }
        signedIn.get(StaffRoute.compensation) { request, context in try await self.compensation(request, context) }
        addOperationsRoutes(to: signedIn)
        addRequestRoutes(to: signedIn)
        addCounterRoutes(to: signedIn)
        addLimitRaiseRoutes(to: signedIn)
        addScheduledRoutes(to: signedIn)
    }

    // MARK: shared helpers

    /// A return path for the language switch: inside the back office only.
    static func safeStaffPath(_ target: String) -> String {
        let path = CustomerSite.safeLocalPath(target)
        let root = StaffRoute.root
        return path == root || path.hasPrefix(root + "/") || path.hasPrefix(root + "?") ? path : root
    }

    /// The back office's error screen, with a way back to its home (or its login).
    func errorPage(_ request: Request, messageKey: String, status: HTTPResponse.Status, csrf: String = "",
                   staff: StaffIdentity? = nil) throws -> Response {
        try errorPage(request, messageKey: messageKey, status: status, csrf: csrf, holder: staff)
    }

    /// `2026-11-25 10:00:00` (Japan time): the audit trail and the compensation report are read
    /// to the second, in the same form in both languages and in the CSV.
    func formatTimestamp(_ date: Date) -> String {
        AuditCSV.isoJST(date).prefix(19).replacingOccurrences(of: "T", with: " ")
    }
}
