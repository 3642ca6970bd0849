import BankCore
import Foundation

/// The embedded default's encryption key: without KYOEI_SECRET_KEYS, a bank on SQLite keeps
/// its key in a file beside the database (mode 0600), made on first start. Production sets
/// KYOEI_SECRET_KEYS (and keeps the key away from the database backups).
enum LocalKeyFile {
    static func loadOrCreate(_ path: String) throws -> SecretKeyRing {
        let manager = FileManager.default
        if !manager.fileExists(atPath: path) {
            try manager.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try create(path)
        }
        let attributes = try manager.attributesOfItem(atPath: path)
        if let mode = attributes[.posixPermissions] as? Int, mode & 0o077 != 0 {
            throw ConfigError("the key file \(path) is readable by others (mode \(String(mode, radix: 8))): chmod 600 it")
        }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        do { return try SecretKeyRing.parse(text) } catch {
            throw ConfigError("the key file \(path) is damaged: \(error)")
        }
    }

    /// Writes a new key to a private temporary file (0600 from its first byte), then links
    /// it into place. link(2) fails when the file exists, so of several processes starting
    /// at once exactly one key wins, and nobody ever sees a partial or readable key file.
    private static func create(_ path: String) throws {
        let text = "local1:" + SecretKeyRing.generateKey(random: SystemRandomSource()) + "\n"
        let temporary = path + ".\(getpid()).tmp"
        // Only this process can own this name now; one left by a crash under the same pid goes.
        unlink(temporary)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw ConfigError("cannot create the key file \(temporary): \(String(cString: strerror(errno)))") }
        defer { unlink(temporary) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd) == 0
        close(fd)
        guard written == bytes.count, synced else { throw ConfigError("cannot write the key file \(temporary)") }
        if link(temporary, path) != 0 && errno != EEXIST {
            throw ConfigError("cannot create the key file \(path): \(String(cString: strerror(errno)))")
        }
    }
}
