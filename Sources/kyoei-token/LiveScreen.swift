import Foundation
import TokenKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The token's main screen: the current code in large digits and the seconds it has left,
/// redrawn in place every second until the user presses q or Ctrl-C.
struct LiveScreen {
    let stored: StoredToken

    /// The screen's lines at `date`; pure, so a test or a pipe could print one frame.
    static func lines(for stored: StoredToken, at date: Date) -> [String] {
        let token = stored.token
        let code = TokenDisplay.code(for: token, at: date)
        let left = TokenDisplay.secondsLeft(at: date, step: token.parameters.step)
        return [
            "\(token.issuer) ワンタイムパスワード / One-time password",
            "サービスID / Service ID: \(token.serviceID)   ユーザID / User ID: \(TokenDisplay.maskedUserID(token.userID))",
            "",
        ] + TokenDisplay.bigText(TokenDisplay.grouped(code)).map { "  " + $0 } + [
            "",
            "ワンタイムパスワード / Code: \(TokenDisplay.grouped(code))",
            "残り時間 / Time left: \(TokenDisplay.countdownBar(secondsLeft: left, step: token.parameters.step)) (\(left) s)",
            "終了: q または Ctrl-C / Quit: q or Ctrl-C",
        ]
    }

    func run() {
        // Keys arrive one by one and unechoed; Ctrl-C comes as a byte too, so quitting
        // always goes through the tidy path below.
        Terminal.withInputMode(echo: false, canonical: false, signals: false, exitCodeOnInterrupt: 0) {
            Console.raw("\u{1B}[?25l")  // hide the cursor: it would flicker on the redraw
            var drawn = 0
            var inputOpen = true
            while true {
                let now = Date()
                let frame = Self.lines(for: stored, at: now)
                var text = drawn > 0 ? "\u{1B}[\(drawn)A" : ""
                for line in frame { text += "\r\u{1B}[2K" + line + "\n" }
                Console.raw(text)
                drawn = frame.count
                // Wake at the next whole second, when the countdown (or the code) changes.
                let fraction = now.timeIntervalSince1970 - now.timeIntervalSince1970.rounded(.down)
                let wait = Int32(max(1, (1 - fraction) * 1000))
                if waitForQuitKey(milliseconds: wait, inputOpen: &inputOpen) { break }
            }
            Console.raw("\u{1B}[?25h")
        }
    }

    /// Waits up to `milliseconds`; true when q, Q, Ctrl-C or Ctrl-D was pressed. Once input
    /// has ended (piped set-up answers), only the signal handler can stop the screen.
    private func waitForQuitKey(milliseconds: Int32, inputOpen: inout Bool) -> Bool {
        guard inputOpen else {
            usleep(UInt32(milliseconds) * 1000)
            return false
        }
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, milliseconds) > 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = read(STDIN_FILENO, &buffer, buffer.count)
        if count <= 0 {
            inputOpen = false
            return false
        }
        return buffer[0..<count].contains { $0 == UInt8(ascii: "q") || $0 == UInt8(ascii: "Q") || $0 == 3 || $0 == 4 }
    }
}
