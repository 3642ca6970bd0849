import BankServices
import BankText
import Hummingbird

/// In front of every operation: refuses a body over the size limit (413) before reading past
/// it, resolves the bearer token into a session once (the same session table, timeouts and
/// audit as a browser's cookie), holds requests without a live session to the per-address
/// limit (429 + Retry-After), and hands the handlers the caller (`APICaller.current`).
struct APIGateMiddleware<Context: APIRequestContext>: RouterMiddleware {
    let bank: Bank
    let settings: APISettings
    let limiter: AnonymousRateLimiter

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        var request = request
        if let length = request.headers[.contentLength].flatMap(Int.init), length > settings.maxBodyBytes {
            throw APIProblem.tooLarge(limit: settings.maxBodyBytes)
        }
        do {
            // Read here, bounded, so that the generated code never holds more than the limit.
            _ = try await request.collectBody(upTo: settings.maxBodyBytes)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw APIProblem.tooLarge(limit: settings.maxBodyBytes)
        }
        let client = context.apiClient(for: request)
        let token = Self.bearerToken(request)
        let session: SessionResolution<CustomerSessions> = if let token {
            try await bank.sessions.resolve(cookie: token, client: client)
        } else {
            .none
        }
        let caller = APICaller(client: client, language: .accepted(by: request), token: token, session: session)
        if !caller.hasLiveSession, let retryAfter = limiter.take(client.ip) {
            throw APIProblem.rateLimited(retryAfter: retryAfter)
        }
        return try await APICaller.$current.withValue(caller) {
            try await next(request, context)
        }
    }

    /// The token of `Authorization: Bearer <token>` (the scheme in any case, RFC 9110); nil
    /// for none or another scheme. No cookie is ever read here.
    static func bearerToken(_ request: Request) -> String? {
        guard let value = request.headers[.authorization] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }
}

/// Outermost on the API's routes: whatever a request ended with becomes problem+json in the
/// caller's language; an unexpected failure is logged and answered 500 without internals.
struct APIProblemMiddleware<Context: APIRequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            if let stored = APIProblem.unwrapped(error) as? APIStoredAnswer { return stored.response }
            let (problem, failure) = APIProblem.answering(error)
            if let failure {
                context.logger.error("API request failed", metadata: ["path": .string(request.uri.path), "error": .string("\(failure)")])
            }
            return problem.response(path: request.uri.path, language: .accepted(by: request))
        }
    }
}
