import BankCore
import Crypto

extension BankUseCase {
    /// How the store keeps a bearer secret (session cookies, nonces): its SHA-256 in hex, so a
    /// leaked table gives nothing to present.
    static func sha256Hex(_ text: String) -> String {
        Hex.encode(SHA256.hash(data: Array(text.utf8)))
    }
}
