import BankServices
import Hummingbird

/// 事務管理部 ログアウト.
extension StaffSite {
    /// ログアウト (and the code screen's 中止): ends the session whatever its stage.
    func logout(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        guard let current = context.staffSession?.live else { return sessionGate.endedResponse(reason: "ended") }
        try await bank.staffSessions.logout(cookie: current.cookieValue, client: client(request, context))
        return sessionGate.endedResponse(reason: "logout")
    }
}
