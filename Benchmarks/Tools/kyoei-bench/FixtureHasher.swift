import BankCore
import BankServices

/// The fixture's passwords and their real Argon2id hashes (made once per run, so the
/// server verifies them the ordinary way). In-process, `FixtureHasher` answers for them
/// without hashing: building thousands of customers, or measuring the money movement of a
/// transfer, should not be 20 ms of Argon2 per password check.
struct FixturePasswords: Codable, Sendable {
    static let login = "Benchmark2026"
    static let confirmation = "Kakunin2026x"
    var loginHash: String
    var confirmationHash: String

    static func make() async throws -> FixturePasswords {
        let argon2 = Argon2idHasher()
        return FixturePasswords(loginHash: try await argon2.hash(login), confirmationHash: try await argon2.hash(confirmation))
    }
}

/// Verifies the fixture's two passwords by comparison: a hash check that costs nothing.
struct FixtureHasher: PasswordHashing {
    let passwords: FixturePasswords

    struct Unknown: Error {}

    func hash(_ password: String) async throws -> String {
        switch password {
        case FixturePasswords.login: passwords.loginHash
        case FixturePasswords.confirmation: passwords.confirmationHash
        default: throw Unknown()
        }
    }

    func verify(_ password: String, against encoded: String) async throws -> Bool {
        (encoded == passwords.loginHash && password == FixturePasswords.login)
            || (encoded == passwords.confirmationHash && password == FixturePasswords.confirmation)
    }

    func needsRehash(_ encoded: String) -> Bool { false }
}
