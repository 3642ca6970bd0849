import BankCore
import Benchmark
import CArgon2
import Crypto
import Foundation

/// Micro benchmarks of what a request costs before any I/O: the password hash that bounds
/// logins, the code check that bounds the OTP step, and the small pieces every page uses.
/// `swift package benchmark` runs them in release; KYOEI_BENCH_SMOKE=1 with the debug
/// executable runs each a few times only (scripts/test), to keep them compiling and running.
let benchmarks: @Sendable () -> Void = {
    let smoke = ProcessInfo.processInfo.environment["KYOEI_BENCH_SMOKE"] != nil
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput],
        timeUnits: .microseconds,
        warmupIterations: smoke ? 0 : 3,
        maxDuration: smoke ? .milliseconds(200) : .seconds(3),
        maxIterations: smoke ? 3 : 100_000)

    // The product's parameters (Argon2idHasher's defaults): m = 19 MiB, t = 2, p = 1.
    let password = Array("Benchmark2026".utf8)
    let encoded = Argon2Fixture.hash(password)
    Benchmark("Argon2id verify (m=19MiB t=2 p=1)") { benchmark in
        for _ in benchmark.scaledIterations {
            let status = password.withUnsafeBytes { argon2id_verify(encoded, $0.baseAddress, $0.count) }
            precondition(status == ARGON2_OK.rawValue)
        }
    }

    // The OTP step's pure work: open the sealed secret, check a code with ±1 step.
    let keys = try! SecretKeyRing.parse("bench:" + Data(repeating: 7, count: 32).base64EncodedString())
    let secret = TOTP.generateSecret(random: SystemRandomSource())
    let context = Array("otp-token:1".utf8)
    let sealed = try! keys.seal(secret, associatedData: context)
    let now = Date()
    let code = TOTP.code(secret: secret, at: now)
    let lastStep = TOTP.step(at: now, step: 60) - 2
    Benchmark("OTP check (open secret + TOTP ±1)") { benchmark in
        for _ in benchmark.scaledIterations {
            let opened = try! keys.open(sealed, associatedData: context)
            blackHole(TOTP.verify(code: code, secret: opened, at: now, lastAcceptedStep: lastStep))
        }
    }
    Benchmark("TOTP verify ±1 (3 × HMAC-SHA1)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(TOTP.verify(code: code, secret: secret, at: now, lastAcceptedStep: lastStep))
        }
    }

    // Every page resolves its session by the SHA-256 of the cookie, in hex; the hash alone
    // shows what the hex encoding adds.
    let cookie = SystemRandomSource().token256()
    Benchmark("session key (SHA-256 hex of cookie)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(Hex.encode(SHA256.hash(data: Array(cookie.utf8))))
        }
    }
    Benchmark("SHA-256 of cookie alone") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(SHA256.hash(data: Array(cookie.utf8)))
        }
    }

    // Pieces of the balances and transfer pages.
    Benchmark("Yen formatted (1,234,567円)") { benchmark in
        for index in benchmark.scaledIterations {
            blackHole(Yen(1_234_567 + Int64(index)).formatted)
        }
    }
    Benchmark("KanaName validating (full-width to ｶﾅ)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try? KanaName(validating: "ヤマダ タロウ"))
        }
    }
}

enum Argon2Fixture {
    /// One PHC string made with the product's parameters and a fixed salt.
    static func hash(_ password: [UInt8]) -> String {
        let salt = [UInt8](repeating: 42, count: 16)
        let length = argon2_encodedlen(2, 19 * 1024, 1, UInt32(salt.count), 32, Argon2_id)
        var out = [CChar](repeating: 0, count: length + 1)
        let status = password.withUnsafeBytes { pwd in
            salt.withUnsafeBytes { argon2id_hash_encoded(2, 19 * 1024, 1, pwd.baseAddress, pwd.count, $0.baseAddress, $0.count, 32, &out, out.count) }
        }
        precondition(status == ARGON2_OK.rawValue, "argon2id_hash_encoded failed: \(status)")
        return String(decoding: out.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
