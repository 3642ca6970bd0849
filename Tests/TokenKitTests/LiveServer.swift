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

    /// A port nothing listens on: bound, then closed again.
    static func closedPortAddress() -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length)
                return getsockname(fd, pointer, &length)
            }
        }
        return "http://127.0.0.1:\(UInt16(bigEndian: address.sin_port))"
    }
}
