import BankTestSupport
import Foundation
import Hummingbird
import Logging
import NIOCore

/// Runs a Hummingbird router on 127.0.0.1 with a free port, for real HTTP over a real
/// socket (the token app uses URLSession, not the in-process test client).
enum LiveServer {
    static func with<Context: RequestContext, T: Sendable>(
        _ router: Router<Context>, _ body: @Sendable (_ address: String) async throws -> T
    ) async throws -> T where Context.Source == ApplicationRequestContextSource {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "token-tests")
        // Cancelling the server at the end of a test logs at error level; that is expected.
        logger.logLevel = .critical
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            }, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0 else { throw LiveServerError() }
            do {
                let result = try await body("http://127.0.0.1:\(port)")
                group.cancelAll()
                return result
            } catch {
                group.cancelAll()
                throw error
            }
        }
    }

    struct LiveServerError: Error {}

    /// An address whose port refuses connections while `body` runs: bound and held, never
    /// listened on, so no other process can take it meanwhile.
    static func withRefusingAddress<T>(_ body: (_ address: String) async throws -> T) async throws -> T {
        let refusing = try RefusingPort()
        defer { withExtendedLifetime(refusing) {} }
        return try await body("http://127.0.0.1:\(refusing.port)")
    }
}
