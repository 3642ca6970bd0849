import BankCore
import Foundation

/// What the token screen shows at a given moment. Pure functions of the date, so tests
/// can pin the time and the app only has to call them once a second.
public enum TokenDisplay {
    /// The code the bank expects at `date` (RFC 6238 with the token's parameters).
    public static func code(for token: ProvisionedToken, at date: Date) -> String {
        TOTP.code(secret: token.secret, at: date, parameters: token.parameters)
    }

    /// Whole seconds until the code changes, 1...step: exactly on a step boundary a new
    /// code has just begun and has all `step` seconds ahead of it.
    public static func secondsLeft(at date: Date, step: Int) -> Int {
        precondition(step > 0, "step must be positive")
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let elapsed = Int(((seconds % Int64(step)) + Int64(step)) % Int64(step))
        return step - elapsed
    }

    /// A text countdown, e.g. `[██████████░░░░░] 37秒` for 37 of 60 seconds. Blocks round up,
    /// so the bar is full at the start of a step and shows one block in its last seconds.
    public static func countdownBar(secondsLeft: Int, step: Int, width: Int = 15) -> String {
        precondition(step > 0 && width > 0, "step and width must be positive")
        let left = min(max(secondsLeft, 0), step)
        let filled = (left * width + step - 1) / step
        return "[" + String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            + "] \(left)秒"
    }

    /// `123 456`: the grouping authenticator apps use, easier to read and type. Codes of
    /// other lengths are split in the middle (7 digits: `123 4567`).
    public static func grouped(_ code: String) -> String {
        guard code.count >= 6 else { return code }
        let middle = code.index(code.startIndex, offsetBy: code.count / 2)
        return code[..<middle] + " " + code[middle...]
    }

    /// Only the last four digits of the user ID, so a glance over the shoulder or a
    /// screenshot does not give the ID away: `******7705`.
    public static func maskedUserID(_ userID: String) -> String {
        guard userID.count > 4 else { return userID }
        return String(repeating: "*", count: userID.count - 4) + userID.suffix(4)
    }

    /// `text` in large block digits, five lines tall, for the live screen. Digits and
    /// spaces only; other characters are drawn as blanks.
    public static func bigText(_ text: String) -> [String] {
        var lines = Array(repeating: "", count: BigDigits.height)
        for (index, character) in text.enumerated() {
            let glyph = BigDigits.glyph(for: character)
            for row in 0..<BigDigits.height {
                if index > 0 { lines[row] += " " }
                lines[row] += glyph[row]
            }
        }
        return lines.map { line in
            var trimmed = line
            while trimmed.hasSuffix(" ") { trimmed.removeLast() }
            return trimmed
        }
    }
}
