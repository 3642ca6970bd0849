import Foundation
import Logging
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Delivers into a local Maildir (the embedded default and a development aid): each message
/// is written and synced under `tmp/`, then renamed into `new/`, so a reader never sees a
/// half-written file (the Maildir contract).
public struct MaildirTransport: MailTransport {
    /// The Maildir root; `cur/`, `new/` and `tmp/` are created below it when missing.
    public let directory: String
    let logger: Logger

    public init(directory: String, logger: Logger) {
        self.directory = directory
        self.logger = logger
    }

    public func send(_ envelope: MailEnvelope) async throws(MailDeliveryError) {
        try createFolders()
        let name = Self.uniqueName()
        let tmpPath = "\(directory)/tmp/\(name)", newPath = "\(directory)/new/\(name)"
        try Self.writeSynced(envelope.data, to: tmpPath)
        guard rename(tmpPath, newPath) == 0 else {
            let failure = Self.failure(errno, doing: "moving the message into new/")
            unlink(tmpPath)
            throw failure
        }
        logger.debug("maildir delivery done", metadata: [
            "message_id": "\(envelope.messageID)", "recipients": "\(envelope.recipients.count)",
        ])
    }

    private func createFolders() throws(MailDeliveryError) {
        // The default `maildir://./var/mail` must work on a fresh checkout, parents included.
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .permanent("maildir: creating \(directory): \(error.localizedDescription)")
        }
        for sub in ["/tmp", "/new", "/cur"] {
            let path = directory + sub
            if mkdir(path, 0o700) != 0 && errno != EEXIST {
                throw Self.failure(errno, doing: "creating \(path)")
            }
        }
    }

    /// Names follow the Maildir convention `time.M<µs>P<pid>Q<n>R<random>.host`: unique
    /// across processes and machines sharing the folder without any locking.
    static func uniqueName() -> String {
        let now = Date().timeIntervalSince1970
        let seconds = Int(now), micros = Int((now - Double(seconds)) * 1_000_000)
        let count = counter.add(1, ordering: .relaxed).newValue
        let random = (0..<8).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        let host = ProcessInfo.processInfo.hostName.replacingOccurrences(of: "/", with: "\\057")
            .replacingOccurrences(of: ":", with: "\\072")
        return "\(seconds).M\(micros)P\(getpid())Q\(count)R\(random).\(host)"
    }

    /// Tells apart two mails named in the same microsecond by the same process.
    private static let counter = Atomic<Int>(0)

    private static func writeSynced(_ data: [UInt8], to path: String) throws(MailDeliveryError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure(errno, doing: "creating \(path)") }
        var written = 0
        var failed: Int32?
        while written < data.count {
            let n = data.withUnsafeBytes { write(fd, $0.baseAddress! + written, data.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                failed = errno
                break
            }
            written += n
        }
        if failed == nil && fsync(fd) != 0 { failed = errno }
        if close(fd) != 0 && failed == nil { failed = errno }
        if let failed {
            unlink(path)
            throw failure(failed, doing: "writing \(path)")
        }
    }

    /// A full disk or an I/O hiccup may pass; a missing or forbidden folder is configuration.
    private static func failure(_ code: Int32, doing what: String) -> MailDeliveryError {
        let reason = "maildir: \(what): \(String(cString: strerror(code)))"
        switch code {
        case EACCES, EPERM, EROFS, ENOTDIR, ENOENT, ENAMETOOLONG: return .permanent(reason)
        default: return .temporary(reason)
        }
    }
}
