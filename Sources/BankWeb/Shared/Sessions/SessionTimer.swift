import BankCore
import BankServices
import Mustache

/// The idle-timeout countdown of a signed-in page: the minutes left, written by the server
/// (true without script), and what `Public/session-timer.js` needs to count them down, warn
/// `warning_seconds` before the end and offer 「延長する」. Read by the `header` and `footer`
/// partials inside `{{#session_timer}}`, so a page without a signed-in session shows none.
/// What is the same on every view (the sentence's template the script fills, where 「延長する」
/// posts and where an ended session goes) is written into the templates: `{{t.session_timer.left}}`,
/// `{{links.session_extend}}`, `{{links.session_expired}}`.
struct SessionTimer: Sendable {
    /// The request's session's time left, set by `SessionMiddleware` for a signed-in session.
    @TaskLocal static var current: SessionTimeLeft?

    let seconds: Int
    let minutes: Int
    let warning_seconds: Int
    /// The deadline is the absolute limit: the dialog says it cannot be extended.
    let final: Bool
    /// The deadline's time of day (JST), e.g. `14:05`.
    let time: String
    /// The server-written sentence (the script fills the catalog's template again as it counts).
    let left_text: String

    init(_ left: SessionTimeLeft, lang: Language) {
        seconds = left.seconds
        minutes = Self.minutes(left.seconds)
        warning_seconds = left.warningSeconds
        final = left.final
        time = JapanTime.clockTime(left.deadline)
        left_text = lang.text("session_timer.left", with: ["minutes": String(minutes), "time": time])
    }

    /// Whole minutes, rounded up: "あと1分" until the very end, never "あと0分" on a live page.
    static func minutes(_ seconds: Int) -> Int { max(1, (seconds + 59) / 60) }
}

/// The block answers its names itself, as the chrome does: every signed-in page reads it, and
/// reflecting its properties (`Mirror`) cost ~35,000 instructions per view (callgrind, issue
/// 20). `SessionTimerTests` holds the names to the stored properties.
extension SessionTimer: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "seconds": seconds
        case "minutes": minutes
        case "warning_seconds": warning_seconds
        case "final": final
        case "time": time
        case "left_text": left_text
        default: nil
        }
    }
}
