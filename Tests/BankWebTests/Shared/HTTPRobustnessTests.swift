import BankWeb
import Foundation
import Logging
import Testing

/// Malformed HTTP and idle connections, over a real socket against the server `kyoei serve`
/// runs (issue 13 § 4).
@Suite struct HTTPRobustnessTests {
    static let formHead = "POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"

    /// A chunk size that is not hex: 400, not 500, and no error-level log line (anyone can
    /// send it in a loop and flood the log). The waits are long because under the full suite's
    /// load (logins taking 16 s) nothing came back within 10 s once; an answer ends the wait
    /// at once, so a passing run does not take longer.
    @Test func invalidChunkSizeIs400WithoutAnErrorLog() async throws {
        let log = CapturedLog()
        try await withLiveSite(log: log) { port, _ in
            for _ in 0..<3 {
                let connection = try RawConnection(port: port)
                connection.send(Self.formHead + "Transfer-Encoding: chunked\r\n\r\nZZZ\r\nlogin_id=x\r\n0\r\n\r\n")
                let received = await connection.receive(waitingAtMost: 60)
                #expect(received.statusLine == "HTTP/1.1 400 Bad Request", "\(received.text)")
                #expect(received.closedByServer, "the stream cannot be trusted after a parse error")
            }
            #expect(log.lines(atLeast: .notice).isEmpty, "\(log.lines(atLeast: .notice).map(\.message))")
            // The server still answers well-formed requests.
            let connection = try RawConnection(port: port)
            connection.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            #expect(await connection.receive(waitingAtMost: 60).statusLine == "HTTP/1.1 200 OK")
        }
    }

    /// A body shorter than its Content-Length, then a half-close: the client's fault. It gets
    /// a 400 (it still reads), and nothing reaches the log above debug. The connection is then
    /// closed: at once after the 400 as a rule, but under the full suite's load the close was
    /// seen to come more than 10 s later, so the wait is long and the idle timeout (15 s here,
    /// longer than the 400 was ever seen to take) closes what the close missed.
    @Test func bodyCutShortByHalfCloseIs400WithoutAnErrorLog() async throws {
        let log = CapturedLog()
        try await withLiveSite(connectionIdleTimeout: .seconds(15), log: log) { port, _ in
            for _ in 0..<3 {
                let connection = try RawConnection(port: port)
                connection.send(Self.formHead + "Content-Length: 100\r\n\r\nlogin_id=x")
                connection.finishSending()
                let received = await connection.receive(waitingAtMost: 60)
                #expect(received.closedByServer)
                #expect(!received.text.contains(" 500 "), "\(received.statusLine)")
                #expect(received.statusLine == "HTTP/1.1 400 Bad Request", "\(received.text)")
            }
            #expect(log.lines(atLeast: .notice).isEmpty, "\(log.lines(atLeast: .notice).map(\.message))")
        }
    }

    /// A client that connects and never sends a byte is disconnected after the idle time.
    @Test func silentConnectionIsClosedAfterTheIdleTime() async throws {
        try await withLiveSite(connectionIdleTimeout: .milliseconds(300)) { port, _ in
            let connection = try RawConnection(port: port)
            // Closed by the server within the wait (without a timeout it would stay open for
            // ever); no upper bound on the time, which a loaded machine stretches.
            let received = await connection.receive(waitingAtMost: 60)
            #expect(received.closedByServer)
            #expect(received.text.isEmpty)
            #expect(received.seconds >= 0.25, "closed after \(received.seconds) s")
        }
    }

    /// A request head that never ends (a header trickled in and then nothing) is cut off too:
    /// the time to send a whole head is capped by the same setting.
    @Test func unfinishedRequestHeadIsClosedAfterTheIdleTime() async throws {
        try await withLiveSite(connectionIdleTimeout: .milliseconds(300)) { port, _ in
            let connection = try RawConnection(port: port)
            connection.send("GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a")
            let received = await connection.receive(waitingAtMost: 60)
            #expect(received.closedByServer, "closed after \(received.seconds) s")
        }
    }

    /// A kept-alive connection is answered, then closed once it has been idle that long.
    @Test func keptAliveConnectionIsAnsweredThenClosedWhenIdle() async throws {
        try await withLiveSite(connectionIdleTimeout: .milliseconds(300)) { port, _ in
            let connection = try RawConnection(port: port)
            connection.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            let received = await connection.receive(waitingAtMost: 60)
            #expect(received.statusLine == "HTTP/1.1 200 OK")
            #expect(received.closedByServer, "closed after \(received.seconds) s")
        }
    }

    @Test func theDefaultIdleTimeIsSixtySeconds() {
        #expect(WebSettings().connectionIdleTimeout == .seconds(60))
        #expect(WebSettings.defaultConnectionIdleTimeout == .seconds(60))
    }
}
