import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The real SMTP server the mail tests talk to: PyPI aiosmtpd running
// Tests/BankMailTests/smtp_server.py, shared by every test target that reads mail.

/// The repository root, found from this file so tests work from any working directory.
public let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().path

/// A python with PyPI `aiosmtpd`: `KYOEI_TEST_PYTHON` (CI sets it), else the developer venv
/// `.venv-mail/` at the repository root (`python3 -m venv .venv-mail && .venv-mail/bin/pip install aiosmtpd`).
public var testPython: String {
    ProcessInfo.processInfo.environment["KYOEI_TEST_PYTHON"] ?? "\(repositoryRoot)/.venv-mail/bin/python"
}

/// A fresh temporary directory, removed by `remove()`.
public struct TemporaryDirectory {
    public let path: String

    public init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("bankmail-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    public func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// A port of 127.0.0.1 bound and held, but never listened on: a connection to it is refused
/// for as long as this lives, and no other process can take the port meanwhile (unlike a
/// port picked, closed and hoped to stay free).
public final class RefusingPort: @unchecked Sendable {
    public let port: Int
    private var fd: Int32

    public init() throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestSetupError(description: "socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let descriptor = fd
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard bound else { close(fd); throw TestSetupError(description: "bind() failed") }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(fd) }
}

/// A port nobody listens on right now, released again: another process may take it before
/// the caller uses it. Prefer `RefusingPort` (a refused connection) or port 0 read back.
public func freePort() throws -> Int {
    try RefusingPort().port
}

/// Whether something accepts TCP connections on 127.0.0.1:`port`.
public func portAccepts(_ port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = UInt16(port).bigEndian
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
        }
    }
}

/// One message as `smtp_server.py` stored it: the envelope it saw and the bytes received.
public struct CapturedMessage {
    public var mailFrom: String
    public var recipients: [String]
    public var tls: Bool
    public var authenticatedAs: String?
    public var data: [UInt8]

    public init(file: [UInt8]) throws {
        var rest = file[...]
        var fields: [String: String] = [:]
        for _ in 0..<4 {
            guard let end = rest.firstIndex(of: 0x0A) else { throw TestSetupError(description: "short capture file") }
            let line = String(decoding: rest[..<end], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            fields[parts[0]] = parts.count > 1 ? parts[1] : ""
            rest = rest[rest.index(after: end)...]
        }
        mailFrom = fields["X-Test-Mail-From"] ?? ""
        recipients = (fields["X-Test-Rcpt-To"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        tls = fields["X-Test-TLS"] == "yes"
        authenticatedAs = fields["X-Test-Auth"] == "-" ? nil : fields["X-Test-Auth"]
        data = Array(rest)
    }
}

/// `smtp_server.py` (aiosmtpd) as a subprocess on a free port, for one test.
public final class SMTPTestServer {
    public let port: Int
    public let directory: TemporaryDirectory
    private let process: ChildProcess

    public var maildir: String { "\(directory.path)/maildir" }

    /// Starts the server with `arguments` (see the script's doc string) on a port the kernel
    /// picks (port 0) and waits for its "listening on 127.0.0.1:PORT" line, which says that it
    /// accepts connections and on which port.
    public init(_ arguments: [String], in directory: TemporaryDirectory) async throws {
        let python = testPython
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw TestSetupError(description: "no python with aiosmtpd at \(python): set KYOEI_TEST_PYTHON or create .venv-mail")
        }
        self.directory = directory
        let log = "\(directory.path)/smtp_server.log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let process = try ChildProcess(python, ["\(repositoryRoot)/Tests/BankMailTests/smtp_server.py", "--port", "0",
                                                "--maildir", "\(directory.path)/maildir"] + arguments,
                                       stdoutPath: log, stderrPath: log)
        self.process = process
        let deadline = ContinuousClock.now + .seconds(20)
        var announced: Int?
        while announced == nil {
            let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            announced = Self.announcedPort(in: output)
            guard announced != nil || (process.isRunning && ContinuousClock.now < deadline) else {
                Self.stop(process)
                throw TestSetupError(description: "smtp_server.py did not start: \(output)")
            }
            if announced == nil { try await Task.sleep(for: .milliseconds(20)) }
        }
        port = announced ?? 0
    }

    /// The port of the line "listening on 127.0.0.1:PORT".
    static func announcedPort(in output: String) -> Int? {
        guard let range = output.range(of: #"listening on 127\.0\.0\.1:[0-9]+"#, options: .regularExpression) else { return nil }
        return Int(output[range].split(separator: ":").last ?? "")
    }

    /// SIGTERM, then SIGKILL after 5 s. Polls instead of `waitUntilExit()`, which spins a
    /// CPU on Linux while it waits.
    public func stop() { Self.stop(process) }

    private static func stop(_ process: ChildProcess) {
        process.stop()
    }

    /// What arrived in the capture Maildir's `new/`, oldest first.
    public func messages() throws -> [CapturedMessage] {
        let folder = "\(maildir)/new"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return try names.sorted().map { name in
            try CapturedMessage(file: Array(try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(name)"))))
        }
    }
}
