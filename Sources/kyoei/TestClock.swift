import BankCore
import Foundation

/// The bank's clock moved by a test (KYOEI_TEST_CLOCK_FILE; see `KyoeiConfig.testClockFile` for
/// when it is allowed at all). The file holds either a number of seconds to add to the real
/// time (`86400`, `-30.5`) or an instant (`2026-12-08T00:30:00+09:00`): the clock is set there
/// when the server reads that content and runs on from it. An absent or empty file is the real
/// time. Read on every call, so a test changes the time by rewriting the file; never used
/// outside tests, so the cost of the read does not matter.
final class FileTestClock: BankClock, @unchecked Sendable {
    let path: String
    private let lock = NSLock()
    /// The content last read and the offset it gave (an instant's offset is fixed when first read).
    private var cached: (content: String, offset: TimeInterval) = ("", 0)

    init(path: String) { self.path = path }

    func now() -> Date {
        let real = Date()
        let content = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return lock.withLock {
            if content != cached.content { cached = (content, Self.offset(content, real: real) ?? cached.offset) }
            return real.addingTimeInterval(cached.offset)
        }
    }

    /// nil for content that is neither form (the previous offset stays; the check at start reports it).
    static func offset(_ content: String, real: Date) -> TimeInterval? {
        if content.isEmpty { return 0 }
        if let seconds = TimeInterval(content), seconds.isFinite { return seconds }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let instant = formatter.date(from: content) { return instant.timeIntervalSince(real) }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: content).map { $0.timeIntervalSince(real) }
    }
}
