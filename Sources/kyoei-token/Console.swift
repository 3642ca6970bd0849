import Foundation
import TokenKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The app's only way to talk to the user. Writes go straight to the file descriptors
/// (no stdio buffer), so a prompt is visible before the app waits for the answer and
/// output stays in order when both streams go to one terminal.
enum Console {
    static var inputIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }
    static var outputIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// One line on standard output.
    static func say(_ line: String = "") { write(line + "\n", to: FileHandle.standardOutput) }

    /// Text without a newline: the answer is typed on the same line.
    static func prompt(_ text: String) { write(text, to: FileHandle.standardOutput) }

    /// Raw text (escape sequences of the live screen).
    static func raw(_ text: String) { write(text, to: FileHandle.standardOutput) }

    /// An error line on standard error.
    static func error(_ error: any BilingualError) {
        write("エラー / Error: \(error.message) / \(error.messageEN)\n", to: FileHandle.standardError)
    }

    /// A line on standard error.
    static func warn(_ line: String) { write(line + "\n", to: FileHandle.standardError) }

    /// The next line of input, nil at end of input. When the input does not come from a
    /// terminal it was not echoed, so a newline keeps the next screen line apart.
    static func readAnswer() -> String? {
        let line = readLine(strippingNewline: true)
        if !inputIsTerminal { say() }
        return line
    }

    private static func write(_ text: String, to handle: FileHandle) {
        try? handle.write(contentsOf: Data(text.utf8))
    }
}
