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
            let text = "local1:" + SecretKeyRing.generateKey(random: SystemRandomSource()) + "\n"
            // Created with its final permissions: the key is never readable by others, not even briefly.
            guard manager.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
                throw ConfigError("cannot create the key file \(path)")
            }
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
}
