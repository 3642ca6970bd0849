import Hummingbird

/// ログアウト.
extension CustomerSite {
    /// Ends the session, whatever its stage (the OTP screen's 中止 posts here too).
    func logout(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        guard let current = context.customerSession?.live else { return sessionGate.endedResponse(reason: "ended") }
        try await bank.sessions.logout(cookie: current.cookieValue, client: client(request, context))
        return sessionGate.endedResponse(reason: "logout")
    }
}
