import Foundation

/// Reads the activation password without showing it on a terminal.
enum SecretInput {
    /// At a terminal: echo off (termios), restored afterwards even on Ctrl-C. From a pipe:
    /// a plain line, so scripts and tests can feed the answers.
    static func readLine() -> String? {
        guard Console.inputIsTerminal else { return Console.readAnswer() }
        let line = Terminal.withInputMode(echo: false, canonical: true, exitCodeOnInterrupt: 130) {
            Swift.readLine(strippingNewline: true)
        }
        // The Enter key was not echoed either.
        Console.say()
        return line
    }
}
