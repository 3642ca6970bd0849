import BankCore
import BankServices
import BankStore
import Foundation
import Hummingbird

/// The back office's operations screens: メール送信状況 (/staff/mail), 他行振込
/// (/staff/interbank) and 元帳検証 (/staff/ledger). Reading is for every role; the changes are
/// POST forms with the staff CSRF token, and the service decides who may make them.
extension StaffSite {
    func addOperationsRoutes(to router: Router<BankRequestContext>) {
        router.get("/staff/mail") { request, context in try await self.mailOutbox(request, context) }
        router.post("/staff/mail/retry-failed") { request, context in try await self.retryAllFailedMail(request, context) }
        router.post("/staff/mail/:id/retry") { request, context in try await self.retryMail(request, context) }
        router.get("/staff/interbank") { request, context in try await self.interbankQueue(request, context) }
        router.post("/staff/interbank/:id/sent") { request, context in try await self.markInterbankSent(request, context) }
        router.post("/staff/interbank/:id/return") { request, context in try await self.returnInterbank(request, context) }
        router.get("/staff/ledger") { request, context in try await self.ledger(request, context) }
    }

    /// The screens' template names, for the test that renders every screen.
    static let operationsScreenNames = ["staff_mail", "staff_interbank", "staff_ledger"]

    /// An operations POST past the staff gate and the CSRF check, or the answer to send instead.
    enum OperationsPost {
        case accepted(StaffSession, FormBody)
        case refused(Response)

        /// The answer of a refused POST (a redirect home should it be asked of an accepted one).
        var refusedResponse: Response {
            if case .refused(let response) = self { return response }
            return HTTPResponses.redirect(to: StaffSite.root)
        }
    }

    func operationsPost(_ request: Request, _ context: BankRequestContext) async throws -> OperationsPost {
        let form = try await FormBody.read(request, context: context)
        let gate = try await requireStaff(request, context)
        guard case .active(let current) = gate else { return .refused(gate.refusal) }
        guard verifyForm(request, form: form, session: current.session) else {
            return .refused(try errorPage(request, messageKey: "error.csrf", status: .forbidden, csrf: current.session.csrfToken,
                                          staff: current.staff))
        }
        return .accepted(current, form)
    }

    /// The links that filter a list by status, each with how many there are; `all` first.
    func statusFilterLinks(path: String, statuses: [String], counts: [String: Int], current: String?,
                           labelPrefix: String, _ lang: Language) -> [[String: Any]] {
        let all: [String: Any] = ["href": path, "id": "filter-all", "label": lang.text("staff_all"),
                                  "count": counts.values.reduce(0, +), "current": current == nil]
        return [all] + statuses.map { status in
            ["href": "\(path)?status=\(status)", "id": "filter-\(status)", "label": lang.text("\(labelPrefix).\(status)"),
             "count": counts[status] ?? 0, "current": current == status]
        }
    }

    /// Whether the member of staff may press the change buttons (the service checks again).
    static func mayOperate(_ staff: StaffRecord) -> Bool {
        !staff.isDisabled && StaffRole.counterWorkers.contains(staff.role)
    }

    /// The answer's status for a refused change: 403 wrong role, 404 no such thing, 409 the
    /// thing is not in a state that allows it, 400 bad input.
    static func operationsStatus(_ error: any Error) -> HTTPResponse.Status {
        switch error {
        case BankError.staff(.forbidden): .forbidden
        case BankError.transferNotFound, MailRetryRefusal.notFound: .notFound
        case BankError.transferStatus, MailRetryRefusal.notFailed, MailRetryRefusal.secretErased: .conflict
        default: .badRequest
        }
    }
}
