import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Terminal modes for the password prompt and the live screen, and a Ctrl-C handler that
/// puts the terminal back: a program killed with echo off leaves the shell unusable.
enum Terminal {
    /// Runs `body` with the terminal's echo (and, for `canonical: false`, line editing and
    /// signal keys) turned off, restoring the mode afterwards and on Ctrl-C.
    /// Without a terminal on standard input, `body` just runs.
    static func withInputMode<T>(echo: Bool, canonical: Bool, signals: Bool = true,
                                 exitCodeOnInterrupt: Int32, _ body: () throws -> T) rethrows -> T {
        var original = termios()
        guard isatty(STDIN_FILENO) == 1, tcgetattr(STDIN_FILENO, &original) == 0 else {
            let watcher = InterruptWatcher(restoring: nil, exitCode: exitCodeOnInterrupt)
            defer { watcher.cancel() }
            return try body()
        }
        var changed = original
        if !echo { changed.c_lflag &= ~tcflag_t(ECHO) }
        if !canonical { changed.c_lflag &= ~tcflag_t(ICANON) }
        if !signals { changed.c_lflag &= ~tcflag_t(ISIG) }
        let watcher = InterruptWatcher(restoring: original, exitCode: exitCodeOnInterrupt)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &changed)
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &original)
            watcher.cancel()
        }
        return try body()
    }
}

/// Handles SIGINT and SIGTERM while a terminal mode is changed or the cursor is hidden:
/// restores the mode, shows the cursor and exits with the given status.
struct InterruptWatcher {
    private let sources: [any DispatchSourceSignal]

    init(restoring mode: termios?, exitCode: Int32) {
        sources = [SIGINT, SIGTERM].map { number in
            // Ignored first, or the default action would end the process before the handler runs.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if var mode { tcsetattr(STDIN_FILENO, TCSANOW, &mode) }
                let reset = Array("\u{1B}[?25h\n".utf8)
                _ = reset.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
                exit(number == SIGINT ? exitCode : 143)
            }
            source.resume()
            return source
        }
    }

    func cancel() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
