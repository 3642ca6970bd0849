import Foundation

/// An Argon2id hash as stored: `$argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>`,
/// salt and hash in unpadded standard Base64 — what libargon2's `argon2id_hash_encoded`
/// writes, byte for byte (`Argon2idPHCStringTests` holds the two together). Read strictly:
/// anything else (another variant or version, a sign, a leading zero, padding, a byte left
/// over) is no hash, and a password checked against it is refused.
struct Argon2idPHCString: Equatable {
    var memoryKiB: UInt32
    var iterations: UInt32
    var parallelism: UInt32
    var salt: [UInt8]
    var hash: [UInt8]

    init(memoryKiB: UInt32, iterations: UInt32, parallelism: UInt32, salt: [UInt8], hash: [UInt8]) {
        self.memoryKiB = memoryKiB
        self.iterations = iterations
        self.parallelism = parallelism
        self.salt = salt
        self.hash = hash
    }

    var encoded: String {
        "$argon2id$v=19$m=\(memoryKiB),t=\(iterations),p=\(parallelism)$" + Self.base64(salt) + "$" + Self.base64(hash)
    }

    init?(_ text: String) {
        let fields = text.split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count == 6, fields[0].isEmpty, fields[1] == "argon2id", fields[2] == "v=19"
        else { return nil }
        let parameters = fields[3].split(separator: ",", omittingEmptySubsequences: false)
        guard parameters.count == 3,
              let m = Self.number(parameters[0], named: "m"),
              let t = Self.number(parameters[1], named: "t"),
              let p = Self.number(parameters[2], named: "p"),
              let salt = Self.bytes(fields[4]), let hash = Self.bytes(fields[5]),
              !salt.isEmpty, !hash.isEmpty
        else { return nil }
        self.init(memoryKiB: m, iterations: t, parallelism: p, salt: salt, hash: hash)
    }

    /// `name=digits`, no sign and no leading zero, within UInt32.
    private static func number(_ field: Substring, named name: String) -> UInt32? {
        guard field.hasPrefix(name + "=") else { return nil }
        let digits = field.dropFirst(name.count + 1)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              digits == "0" || !digits.hasPrefix("0") else { return nil }
        return UInt32(digits)
    }

    private static func base64(_ bytes: [UInt8]) -> String {
        var text = Data(bytes).base64EncodedString()
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }

    /// Unpadded Base64 whose last character carries no stray bits (re-encoding gives it back).
    private static func bytes(_ field: Substring) -> [UInt8]? {
        guard !field.contains("="), field.count % 4 != 1 else { return nil }
        let padded = String(field) + String(repeating: "=", count: (4 - field.count % 4) % 4)
        guard let data = Data(base64Encoded: padded) else { return nil }
        let bytes = [UInt8](data)
        return base64(bytes) == field ? bytes : nil
    }
}
