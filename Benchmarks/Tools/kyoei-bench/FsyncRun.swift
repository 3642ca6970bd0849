import ArgumentParser
import Foundation

/// The durable-commit bound of the disk under the SQLite file: 4 KiB appended to a file in
/// the same folder and made durable with fsync (what SQLite's WAL does at each COMMIT with
/// synchronous = FULL; its build uses fsync, not fdatasync), back to back on one thread. One
/// client's transactions can be no faster than this, whatever else they cost: each waits
/// for its own COMMIT. Only group commit (several clients) gets past it.
struct FsyncRun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fsync", abstract: "Append + fsync, back to back.")
    @Option(help: "Folder of the database file.") var directory: String
    @Option(help: "Seconds to run.") var seconds = 3.0

    func run() async throws {
        let path = (directory as NSString).appendingPathComponent("fsync-bound.\(getpid())")
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw SetupError("cannot create \(path)") }
        defer {
            close(descriptor)
            unlink(path)
        }
        let page = [UInt8](repeating: 0x5A, count: 4096)
        var latencies = Latencies()
        var samples: [Double] = []
        let start = monotonicSeconds()
        var offset: off_t = 0
        while monotonicSeconds() - start < seconds {
            let before = monotonicSeconds()
            let written = page.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, offset) }
            guard written == page.count, fsync(descriptor) == 0 else { throw SetupError("write or fsync failed: errno \(errno)") }
            offset += off_t(page.count)
            samples.append((monotonicSeconds() - before) * 1000)
        }
        latencies.elapsed = monotonicSeconds() - start
        latencies.merge(samples)
        RunResult(name: "fsync_bound", engine: "sqlite", clients: 1, latencies: latencies).print()
    }
}
