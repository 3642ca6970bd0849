import BankCore
import Hummingbird

/// 「延長する」 of the timeout warning: restarts the idle clock (never past the limit since
/// login). The warning's script asks for JSON — the new time left, whether it is the final
/// limit, the deadline's time of day — and stays on the page, keeping what the customer typed;
/// any other client is sent back to the page it came from. A session already ended gets the
/// usual answer (the login screen with its reason), which the script follows.
extension CustomerSite {
    func extendSession(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireCustomer()
        guard let left = try await bank.sessions.extend(cookie: current.cookieValue) else {
            return sessionGate.endedResponse(reason: "timeout")
        }
        guard (request.headers[.accept] ?? "").contains("application/json") else {
            let back = context.form?.value("return_to") ?? ""
            return HTTPResponses.redirect(to: back.isEmpty ? CustomerRoute.menu.path : Self.safeLocalPath(back))
        }
        let lang = language(request)
        let time = JapanTime.clockTime(left.deadline)
        return HTTPResponses.json([
            "seconds": left.seconds, "minutes": SessionTimer.minutes(left.seconds), "final": left.final, "time": time,
            "left_text": lang.text("session_timer.left", with: ["minutes": String(SessionTimer.minutes(left.seconds)), "time": time]),
        ])
    }
}
