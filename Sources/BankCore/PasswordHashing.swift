/// A slow, salted password hash (Argon2id in production). The stored string carries its
/// own parameters so they can be raised without breaking existing hashes.
public protocol PasswordHashing: Sendable {
    func hash(_ password: String) async throws -> String
    func verify(_ password: String, against encoded: String) async throws -> Bool
    /// Whether a stored hash was made with weaker parameters than the current ones.
    func needsRehash(_ encoded: String) -> Bool
}
