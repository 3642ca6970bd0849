import BankCore
import CArgon2
import Foundation
import NIOPosix

/// Argon2id through Debian's libargon2, run on NIO's blocking thread pool so the ~20 ms of
/// hashing never stalls the event loops. Defaults: m = 19 MiB, t = 2, p = 1 (OWASP floor).
/// Stored as PHC strings (`Argon2idPHCString`), each hash's memory mapped for it alone
/// (`Argon2Memory`).
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
        let parameters = Argon2idPHCString(memoryKiB: memoryKiB, iterations: iterations, parallelism: parallelism,
                                           salt: salt, hash: [])
        var hash = [UInt8](repeating: 0, count: hashLength)
        let status = run(password, parameters, output: &hash) { context in argon2_ctx(&context, Argon2_id) }
        guard status == ARGON2_OK.rawValue else { throw HashError.failed(status) }
        return Argon2idPHCString(memoryKiB: memoryKiB, iterations: iterations, parallelism: parallelism,
                                 salt: salt, hash: hash).encoded
    }

    public func verify(_ password: String, against encoded: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive {
            Self.verifyNow(password, against: encoded)
        }
    }

    /// libargon2's own `argon2id_verify` parses the string and allocates with malloc; the
    /// string is read here so that the hash runs in `Argon2Memory`, and compared by libargon2
    /// in constant time (`argon2_verify_ctx`).
    static func verifyNow(_ password: String, against encoded: String) -> Bool {
        guard let stored = Argon2idPHCString(encoded) else { return false }
        var computed = [UInt8](repeating: 0, count: stored.hash.count)
        let status = stored.hash.withUnsafeBufferPointer { expected in
            run(password, stored, output: &computed) { context in
                expected.withMemoryRebound(to: CChar.self) { argon2_verify_ctx(&context, $0.baseAddress, Argon2_id) }
            }
        }
        return status == ARGON2_OK.rawValue
    }

    /// Calls `body` with a context for `password` and the parameters and salt of `phc`,
    /// writing into `output` (its length is the hash's), its memory from `Argon2Memory`.
    private static func run(_ password: String, _ phc: Argon2idPHCString, output: inout [UInt8],
                            _ body: (inout argon2_context) -> Int32) -> Int32 {
        var passwordBytes = Array(password.utf8)
        var salt = phc.salt
        let outputLength = UInt32(output.count)
        return output.withUnsafeMutableBufferPointer { out in
            passwordBytes.withUnsafeMutableBufferPointer { pwd in
                salt.withUnsafeMutableBufferPointer { saltBytes in
                    var context = argon2_context(
                        out: out.baseAddress, outlen: outputLength,
                        pwd: pwd.baseAddress, pwdlen: UInt32(pwd.count),
                        salt: saltBytes.baseAddress, saltlen: UInt32(saltBytes.count),
                        secret: nil, secretlen: 0, ad: nil, adlen: 0,
                        t_cost: phc.iterations, m_cost: phc.memoryKiB, lanes: phc.parallelism, threads: phc.parallelism,
                        version: UInt32(ARGON2_VERSION_13.rawValue),
                        allocate_cbk: Argon2Memory.allocate, free_cbk: Argon2Memory.deallocate,
                        flags: 0)  // ARGON2_DEFAULT_FLAGS, as argon2id_hash_encoded
                    return body(&context)
                }
            }
        }
    }

    public func needsRehash(_ encoded: String) -> Bool {
        !encoded.hasPrefix("$argon2id$v=19$m=\(memoryKiB),t=\(iterations),p=\(parallelism)$")
    }
}
