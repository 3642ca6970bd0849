import Crypto
import Foundation

/// Turns the random key in the key file into the key that seals the secret, mixing in the
/// machine's identity: a copy of both files on another machine derives a different key
/// and cannot open the secret.
///
/// Where `/etc/machine-id` cannot be read (some containers, macOS) the file key is used
/// through HKDF alone; the files' 0600 mode is then the only protection.
struct MachineBinding: Sendable {
    /// The machine identity bytes (empty when unreadable).
    let machineID: [UInt8]

    /// Reads `path` (normally `/etc/machine-id`); nil means "do not bind".
    init(machineIDPath: String?) {
        guard let path = machineIDPath, let data = FileManager.default.contents(atPath: path) else {
            machineID = []
            return
        }
        machineID = Array(String(decoding: data, as: UTF8.self).trimmingWhitespace().utf8)
    }

    func sealingKey(fileKey: SymmetricKey) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: fileKey, salt: machineID,
                               info: Array("kyoei-token secret sealing v1".utf8), outputByteCount: 32)
    }
}
