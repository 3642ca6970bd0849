import BankCore
import BankServices
import BankStore
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

    /// Every back-office path starts here; the cookie is scoped to it.
    static let root = "/staff"

    public init(bank: Bank, settings: WebSettings, renderer: PageRenderer) {
        self.bank = bank
        self.settings = settings
        self.renderer = renderer
    }

    func addRoutes(to router: Router<BankRequestContext>) {
        router.get("/staff") { request, context in try await self.home(request, context) }
        router.get("/staff/login") { request, context in try await self.showLogin(request, context) }
        router.post("/staff/login") { request, context in try await self.submitLogin(request, context) }
        router.get("/staff/login/otp") { request, context in try await self.showLoginOTP(request, context) }
        router.post("/staff/login/otp") { request, context in try await self.submitLoginOTP(request, context) }
        router.post("/staff/logout") { request, context in try await self.logout(request, context) }
        router.post("/staff/language") { request, context in try await self.switchLanguage(request, context) }
        router.get("/staff/customers") { request, context in try await self.customerSearch(request, context) }
        router.get("/staff/customers/:id") { request, context in try await self.customerDetail(request, context) }
        router.get("/staff/audit") { request, context in try await self.auditLog(request, context) }
        router.get("/staff/audit.csv") { request, context in try await self.auditCSV(request, context) }
        router.get("/staff/compensation") { request, context in try await self.compensation(request, context) }
        addOperationsRoutes(to: router)
        addRequestRoutes(to: router)
        addCounterRoutes(to: router)
    }

    // MARK: shared helpers

    func language(_ request: Request) -> Language {
        request.cookies[WebSettings.languageCookieName].flatMap { Language(rawValue: $0.value) } ?? .ja
    }

    func client(_ request: Request, _ context: BankRequestContext) -> ClientInfo {
        ClientInfo(ip: context.remoteAddress?.ipAddress ?? "", userAgent: String((request.headers[.userAgent] ?? "").prefix(512)))
    }

    /// The context every staff template gets: strings, language, CSRF token, the member of staff.
    func baseContext(_ request: Request, titleKey: String, csrf: String, staff: StaffRecord? = nil) -> [String: Any] {
        let lang = language(request)
        var context: [String: Any] = [
            "t": lang.strings,
            "lang": lang.rawValue,
            "other_lang": lang.other.rawValue,
            "title": lang.text(titleKey),
            "csrf": csrf,
            "return_to": request.method == .get ? Self.safeStaffPath(request.uri.path + (request.uri.query.map { "?" + $0 } ?? ""))
                : Self.root,
        ]
        if let staff {
            context["logged_in"] = true
            context["staff_name"] = staff.name
            context["staff_id"] = staff.staffID
            context["staff_role"] = lang.text(staff.role.labelKey)
        }
        return context
    }

    func page(_ template: String, _ context: [String: Any], status: HTTPResponse.Status = .ok) throws -> Response {
        var context = context
        context["has_errors"] = !((context["errors"] as? [String]) ?? []).isEmpty
        return HTTPResponses.html(try renderer.render(template, context), status: status)
    }

    /// A return path for the language switch: inside the back office only.
    static func safeStaffPath(_ target: String) -> String {
        let path = CustomerSite.safeLocalPath(target)
        return path == root || path.hasPrefix(root + "/") || path.hasPrefix(root + "?") ? path : root
    }

    /// The back office's error screen, with a way back to its home (or its login).
    func errorPage(_ request: Request, messageKey: String, status: HTTPResponse.Status, csrf: String = "",
                   staff: StaffRecord? = nil) throws -> Response {
        var context = baseContext(request, titleKey: "staff_error_title", csrf: csrf, staff: staff)
        context["message"] = language(request).text(messageKey)
        return try page("staff_error", context, status: status)
    }

    /// `2026-11-25 10:00:00` (Japan time): the audit trail and the compensation report are read
    /// to the second, in the same form in both languages and in the CSV.
    func formatTimestamp(_ date: Date) -> String {
        AuditCSV.isoJST(date).prefix(19).replacingOccurrences(of: "T", with: " ")
    }
}
