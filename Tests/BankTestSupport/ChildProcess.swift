import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A program started by a test, through `posix_spawn` directly.
///
/// Why not Foundation's `Process`: on Linux its `run()` walks `/proc/self/fd` to close the
/// parent's descriptors in the child, and crashed (memcpy past a buffer, signal 11) once the
/// whole suite ran in parallel with some 1,800 descriptors open. Here the child's standard
/// input, output and error are files, every other descriptor this process opens is
/// close-on-exec (SwiftNIO's sockets, SQLite, Foundation's files), and the signal mask and
/// dispositions are reset so the child can be stopped with SIGTERM.
public final class ChildProcess: @unchecked Sendable {
    public let pid: pid_t
    private let lock = NSLock()
    private var exitStatus: Int32?

    public struct SpawnError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Starts `executable` with `arguments`; standard input from `stdinPath` (or /dev/null),
    /// standard output and error appended to the given files (or /dev/null).
    public init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                stdinPath: String? = nil, stdoutPath: String? = nil, stderrPath: String? = nil) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdinPath ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath ?? "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath ?? "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0o644)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t(), allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let environment = environment ?? ProcessInfo.processInfo.environment
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw SpawnError(description: "could not start \(executable): \(String(cString: strerror(result)))")
        }
        self.pid = pid
    }

    /// Whether the child still runs (reaps it if it has ended).
    public var isRunning: Bool { poll(blocking: false) == nil }

    /// Waits for the child to end; its exit status (128 + signal if a signal ended it).
    @discardableResult
    public func wait() -> Int32 { poll(blocking: true) ?? -1 }

    public func signal(_ signal: Int32) {
        if isRunning { kill(pid, signal) }
    }

    /// SIGTERM, then SIGKILL after `grace`; waits until it has ended.
    public func stop(grace: Duration = .seconds(5)) {
        guard isRunning else { return }
        kill(pid, SIGTERM)
        let deadline = ContinuousClock.now + grace
        while isRunning && ContinuousClock.now < deadline { usleep(20_000) }
        if isRunning { kill(pid, SIGKILL) }
        wait()
    }

    private func poll(blocking: Bool) -> Int32? {
        lock.lock()
        defer { lock.unlock() }
        if let exitStatus { return exitStatus }
        var status: Int32 = 0
        while true {
            let reaped = waitpid(pid, &status, blocking ? 0 : WNOHANG)
            if reaped == -1 && errno == EINTR { continue }
            guard reaped == pid else { return nil }
            break
        }
        let signalled = status & 0x7f
        exitStatus = signalled == 0 ? (status >> 8) & 0xff : 128 + signalled
        return exitStatus
    }

    /// Runs a program to its end with `input` on its standard input, on a thread of its own
    /// (waiting blocks one). Returns its exit status and what it wrote.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                           input: String = "") async throws -> (status: Int32, stdout: String, stderr: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kyoei-child-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (inPath, outPath, errPath) = ("\(folder)/stdin", "\(folder)/stdout", "\(folder)/stderr")
        try Data(input.utf8).write(to: URL(fileURLWithPath: inPath))
        let child = try ChildProcess(executable, arguments, environment: environment, stdinPath: inPath,
                                     stdoutPath: outPath, stderrPath: errPath)
        let status = await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: child.wait()) }.start()
        }
        let read = { (path: String) in (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        return (status, read(outPath), read(errPath))
    }
}
