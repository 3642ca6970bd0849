import BankCore
import CArgon2
import Foundation
import NIOPosix

/// Argon2id through Debian's libargon2, run on NIO's blocking thread pool so the ~20 ms of
/// hashing never stalls the event loops. Defaults: m = 19 MiB, t = 2, p = 1 (OWASP floor).
public struct Argon2idHasher: PasswordHashing {
    public var memoryKiB: UInt32
    public var iterations: UInt32
    public var parallelism: UInt32
    let random: any RandomSource

    public init(memoryKiB: UInt32 = 19 * 1024, iterations: UInt32 = 2, parallelism: UInt32 = 1,
                random: any RandomSource = SystemRandomSource()) {
        self.memoryKiB = memoryKiB
        self.iterations = iterations
        self.parallelism = parallelism
        self.random = random
    }

    static let saltLength = 16
    static let hashLength = 32

    public enum HashError: Error { case failed(Int32) }

    public func hash(_ password: String) async throws -> String {
        let salt = random.bytes(Self.saltLength)
        let (m, t, p) = (memoryKiB, iterations, parallelism)
        return try await NIOThreadPool.singleton.runIfActive {
            try Self.hashNow(password, salt: salt, memoryKiB: m, iterations: t, parallelism: p)
        }
    }

    static func hashNow(_ password: String, salt: [UInt8], memoryKiB: UInt32, iterations: UInt32, parallelism: UInt32) throws -> String {
        let length = argon2_encodedlen(iterations, memoryKiB, parallelism, UInt32(salt.count), UInt32(hashLength), Argon2_id)
        var encoded = [CChar](repeating: 0, count: length + 1)
        let bytes = Array(password.utf8)
        let status = bytes.withUnsafeBytes { pwd in
            salt.withUnsafeBytes { saltBytes in
                argon2id_hash_encoded(iterations, memoryKiB, parallelism, pwd.baseAddress, pwd.count,
                                      saltBytes.baseAddress, saltBytes.count, hashLength, &encoded, encoded.count)
            }
        }
        guard status == ARGON2_OK.rawValue else { throw HashError.failed(status) }
        return String(cString: encoded)
    }

    public func verify(_ password: String, against encoded: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive {
            Self.verifyNow(password, against: encoded)
        }
    }

    static func verifyNow(_ password: String, against encoded: String) -> Bool {
        guard encoded.hasPrefix("$argon2id$") else { return false }
        let bytes = Array(password.utf8)
        let status = bytes.withUnsafeBytes { pwd in
            argon2id_verify(encoded, pwd.baseAddress, pwd.count)
        }
        return status == ARGON2_OK.rawValue
    }

    public func needsRehash(_ encoded: String) -> Bool {
        !encoded.hasPrefix("$argon2id$v=19$m=\(memoryKiB),t=\(iterations),p=\(parallelism)$")
    }
}
