import BankServices
import BankTestSupport
import BankWeb
import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Every line an application logged, at every level: for tests that a client's mistake is
/// not logged as the server's failure.
final class CapturedLog: Sendable {
    struct Line: Sendable {
        let level: Logger.Level
        let message: String
        let metadata: String
    }

    private let storage = Mutex<[Line]>([])

    var lines: [Line] { storage.withLock { $0 } }
    func lines(atLeast level: Logger.Level) -> [Line] { lines.filter { $0.level >= level } }

    func logger(level: Logger.Level = .trace) -> Logger {
        var logger = Logger(label: "kyoei.test.captured") { _ in Handler(log: self) }
        logger.logLevel = level
        return logger
    }

    fileprivate func append(_ line: Line) { storage.withLock { $0.append(line) } }

    private struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            log.append(Line(level: event.level, message: "\(event.message)", metadata: "\(all)"))
        }
    }
}

/// The customer site (with the back office under /staff) on a real socket: 127.0.0.1, port 0,
/// the port read back from the bound channel. Built by `BankApplication.application`, the
/// factory `kyoei serve` uses, so the HTTP/1 settings (idle timeout) are the production ones.
func withLiveSite(publicURL: String = Site.publicURL, connectionIdleTimeout: Duration? = WebSettings.defaultConnectionIdleTimeout,
                  log: CapturedLog = CapturedLog(),
                  _ body: @Sendable (_ port: Int, _ bank: Bank) async throws -> Void) async throws {
    try await TestDatabases.withBank(.sqlite) { bank in
        _ = try await SeededCustomer.create(bank)
        let settings = WebSettings(publicURL: publicURL, connectionIdleTimeout: connectionIdleTimeout)
        let site = CustomerSite(bank: bank, settings: settings, renderer: try await PageRenderer.load())
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = BankApplication.application(
            router: BankApplication.router(site: site), listener: .init(host: "127.0.0.1", port: 0), settings: settings,
            logger: log.logger(), onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            })
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0 else { throw RawConnection.Failure("the server did not start") }
            do {
                try await body(port, bank)
                group.cancelAll()
            } catch {
                group.cancelAll()
                throw error
            }
        }
    }
}

/// A plain TCP client that writes exactly the bytes it is given: what a browser or an HTTP
/// library would never send. Blocking calls run on a thread of their own, never on the
/// concurrency pool the server's handlers need.
final class RawConnection: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// What the server sent until it closed the connection or the wait ran out.
    struct Received: Sendable {
        let text: String
        let closedByServer: Bool
        let seconds: Double
        var statusLine: String { text.components(separatedBy: "\r\n").first ?? "" }
    }

    private let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure("socket: \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { close(fd); throw Failure("connect: \(errno)") }
    }

    deinit { close(fd) }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Half-close: the client has nothing more to send, and still reads.
    func finishSending() { shutdown(fd, Int32(SHUT_WR)) }

    /// Reads until the server closes the connection or `seconds` pass.
    func receive(waitingAtMost seconds: Double) async -> Received {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: self.blockingReceive(seconds)) }.start()
        }
    }

    private func blockingReceive(_ limit: Double) -> Received {
        let start = Date()
        var data = [UInt8]()
        var closed = false
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let left = limit - Date().timeIntervalSince(start)
            if left <= 0 { break }
            var timeout = timeval(tv_sec: Int(left), tv_usec: Int((left - Double(Int(left))) * 1_000_000))
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 { data += buffer[0..<count]; continue }
            if count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) { closed = true; break }
        }
        return Received(text: String(decoding: data, as: UTF8.self), closedByServer: closed, seconds: Date().timeIntervalSince(start))
    }
}

/// One HTTP/1.1 exchange written by hand (`Connection: close`), and its answer parsed.
struct RawHTTPResponse: Sendable {
    let statusLine: String
    let headerLines: [String]
    let body: String

    var status: Int { Int(statusLine.split(separator: " ").dropFirst().first ?? "") ?? 0 }

    func header(_ name: String) -> String? { headers(name).first }

    func headers(_ name: String) -> [String] {
        headerLines.compactMap { line in
            guard let colon = line.firstIndex(of: ":"), line[..<colon].lowercased() == name.lowercased() else { return nil }
            return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
    }

    var setCookies: [SetCookie] { headers("Set-Cookie").map(SetCookie.init) }
    var csrf: String? { WebResponse(status: .ok, headers: [:], body: body).csrf }

    static func exchange(port: Int, _ request: String) async throws -> RawHTTPResponse {
        let connection = try RawConnection(port: port)
        connection.send(request)
        // Long: under the full suite's load a login's answer was seen to take more than 20 s
        // (every test hashing at once on two cores). The answer ends the wait (Connection: close).
        let received = await connection.receive(waitingAtMost: 60)
        guard let split = received.text.range(of: "\r\n\r\n") else { throw RawConnection.Failure("no answer: \(received.text)") }
        let head = received.text[..<split.lowerBound].components(separatedBy: "\r\n")
        return RawHTTPResponse(statusLine: head[0], headerLines: Array(head.dropFirst()), body: String(received.text[split.upperBound...]))
    }
}
