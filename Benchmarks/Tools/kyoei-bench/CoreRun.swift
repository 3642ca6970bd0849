import ArgumentParser
import BankCore
import BankServices
import Foundation

/// The in-process limits the HTTP figures are divided by, measured in the same run:
/// - `argon2id`: one Argon2id verification (the product's hasher, m=19 MiB t=2 p=1) back to
///   back on one thread; `hash_bound` = cores ÷ that time, the most logins per second
///   these cores can do if nothing but the hash cost anything.
/// - `argon2id_parallel`: as many hashes at once as there are cores (what the bound assumes).
/// - `otp_core`: one code check as the server does it — open the AES-GCM-sealed secret,
///   TOTP.verify with ±1 step and the replay rule — on one thread.
struct CoreRun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "core", abstract: "Hash bound and OTP check in-process.")
    @Option(help: "Seconds per measurement.") var seconds = 3.0

    func run() async throws {
        let limits = try await HashLimits.measure(seconds: seconds)
        limits.single.print()
        limits.bound.print()
        limits.parallel.print()
        try otpCore().print()
    }

    func otpCore() throws -> RunResult {
        let keys = try SecretKeyRing.parse("bench:" + Data(repeating: 7, count: 32).base64EncodedString())
        let secret = TOTP.generateSecret(random: SystemRandomSource())
        let context = Array("otp-token:1".utf8)
        let sealed = try keys.seal(secret, associatedData: context)
        let now = Date()
        let code = TOTP.code(secret: secret, at: now)
        let last = TOTP.step(at: now, step: TOTPParameters.bank.step) - 2
        var latencies = Latencies()
        let start = monotonicSeconds()
        // Timed in batches: one check is a few microseconds, close to the clock's own cost.
        while monotonicSeconds() - start < seconds {
            let began = monotonicSeconds()
            for _ in 0..<256 {
                let opened = try keys.open(sealed, associatedData: context)
                guard TOTP.verify(code: code, secret: opened, at: now, lastAcceptedStep: last) != nil else {
                    throw SetupError("code did not verify")
                }
            }
            let each = (monotonicSeconds() - began) * 1000 / 256
            latencies.samples += Array(repeating: each, count: 256)
        }
        latencies.elapsed = monotonicSeconds() - start
        return RunResult(name: "otp_core", latencies: latencies)
    }
}

/// Argon2id alone, in this process: one thread back to back (its median gives the bound,
/// cores ÷ time) and one hash per core at once.
struct HashLimits {
    var single: RunResult
    var bound: RunResult
    var parallel: RunResult

    static func measure(seconds: Double, suffix: String = "", engine: String = "") async throws -> HashLimits {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let hasher = Argon2idHasher()
        let encoded = try await hasher.hash(FixturePasswords.login)
        let single = try await runLoad(clients: 1, items: nil, seconds: seconds, makeWorker: { _ in () }, operation: { _, _ in
            guard try await hasher.verify(FixturePasswords.login, against: encoded) else { throw SetupError("hash did not verify") }
            return true
        })
        let medianSeconds = (single.latencies.percentile(50) ?? 0) / 1000
        var bound = RunResult(name: "hash_bound" + suffix, engine: engine, clients: cores, latencies: Latencies(),
                              note: "cores / median Argon2id time")
        bound.perSecond = medianSeconds > 0 ? Double(cores) / medianSeconds : 0
        let parallel = try await runLoad(clients: cores, items: nil, seconds: seconds, makeWorker: { _ in () }, operation: { _, _ in
            _ = try await hasher.verify(FixturePasswords.login, against: encoded)
            return true
        })
        return HashLimits(
            single: RunResult(name: "argon2id" + suffix, engine: engine, latencies: single.latencies, errors: single.errors),
            bound: bound,
            parallel: RunResult(name: "argon2id_parallel" + suffix, engine: engine, clients: cores, latencies: parallel.latencies))
    }
}
