import BankCore
import Crypto
import Foundation

/// The token on disk: `token.json` (the record, secret sealed with AES-GCM) and `token.key`
/// (a random 256-bit key, mixed with the machine ID before use), both 0600 in a 0700
/// directory. The clear secret exists only in memory.
public struct TokenFile: Sendable {
    /// The directory holding both files.
    public let directory: String
    let machineIDPath: String?

    /// - Parameters:
    ///   - directory: see `TokenDirectory.resolve`.
    ///   - machineIDPath: the machine identity to bind the token to; tests pass their own
    ///     file to play "another machine".
    public init(directory: String, machineIDPath: String? = "/etc/machine-id") {
        var directory = directory
        while directory.count > 1, directory.hasSuffix("/") { directory.removeLast() }
        self.directory = directory
        self.machineIDPath = machineIDPath
    }

    /// The record file.
    public var recordPath: String { directory + "/token.json" }
    /// The key file, kept apart so the record can be shown or backed up without the key.
    public var keyPath: String { directory + "/token.key" }

    /// Whether a token record exists here (it may still fail to open).
    public var exists: Bool { PrivateFiles.exists(recordPath) }

    /// Seals and stores `token`, replacing any token stored here. A fresh key every time,
    /// so a key that leaked with an old token opens nothing new.
    public func save(_ token: ProvisionedToken, server: String, at date: Date) throws(TokenFileError) {
        try PrivateFiles.prepareDirectory(directory)
        let fileKey = SymmetricKey(size: .bits256)
        var record = TokenRecord(
            server: server, serviceID: token.serviceID, userID: token.userID, issuer: token.issuer,
            algorithm: token.parameters.algorithm.rawValue, digits: token.parameters.digits,
            period: token.parameters.step, provisionedAt: TokenRecord.timestamp(date), secretSealed: "")
        let sealingKey = MachineBinding(machineIDPath: machineIDPath).sealingKey(fileKey: fileKey)
        guard let box = try? AES.GCM.seal(token.secret, using: sealingKey, authenticating: record.associatedData),
              let combined = box.combined else { throw .writeFailed(path: recordPath, errno: 0) }
        record.secretSealed = combined.base64EncodedString()

        let keyText = fileKey.withUnsafeBytes { Data($0).base64EncodedString() } + "\n"
        // Key first: a record never exists without the key it needs.
        try PrivateFiles.writeAtomically(Data(keyText.utf8), to: keyPath)
        try PrivateFiles.writeAtomically(record.encoded(), to: recordPath)
    }

    /// Opens the stored token.
    ///
    /// - Throws: `.notFound` when nothing is stored; `.insecurePermissions` or
    ///   `.untrustedFile` before reading a file others could see or swap; `.cannotDecrypt`
    ///   for a tampered record or files copied from another machine.
    public func load() throws(TokenFileError) -> StoredToken {
        guard let recordData = try PrivateFiles.readPrivate(recordPath) else { throw .notFound(directory: directory) }
        guard let keyData = try PrivateFiles.readPrivate(keyPath) else { throw .keyMissing(path: keyPath) }
        guard let record = try? JSONDecoder().decode(TokenRecord.self, from: recordData) else {
            throw .malformed(path: recordPath)
        }
        guard let keyBytes = Data(base64Encoded: String(decoding: keyData, as: UTF8.self).trimmingWhitespace()),
              keyBytes.count == 32 else { throw .malformed(path: keyPath) }
        guard let algorithm = TOTP.Algorithm(rawValue: record.algorithm), (1...9).contains(record.digits),
              record.period > 0, let provisionedAt = TokenRecord.date(record.provisionedAt) else {
            throw .malformed(path: recordPath)
        }
        let sealingKey = MachineBinding(machineIDPath: machineIDPath).sealingKey(fileKey: SymmetricKey(data: keyBytes))
        guard let combined = Data(base64Encoded: record.secretSealed),
              let box = try? AES.GCM.SealedBox(combined: combined),
              let secret = try? AES.GCM.open(box, using: sealingKey, authenticating: record.associatedData) else {
            throw .cannotDecrypt
        }
        let token = ProvisionedToken(
            serviceID: record.serviceID, userID: record.userID, issuer: record.issuer, secret: Array(secret),
            parameters: TOTPParameters(digits: record.digits, step: record.period, algorithm: algorithm))
        return StoredToken(token: token, server: record.server, provisionedAt: provisionedAt)
    }

    /// Deletes both files (record first, so a half-removed token reads as "not set up").
    /// The directory stays: it may be one the user chose.
    public func remove() throws(TokenFileError) {
        try PrivateFiles.remove(recordPath)
        try PrivateFiles.remove(keyPath)
    }
}
