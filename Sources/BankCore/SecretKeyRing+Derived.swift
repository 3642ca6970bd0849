import Crypto
import Foundation

extension SecretKeyRing {
    /// Keys for one purpose (e.g. signing the pre-login CSRF token), derived with HKDF-SHA256
    /// from each key of the ring, current key first: the first signs, all verify, so a value
    /// signed before a key rotation still passes. The ring's own keys never leave BankCore,
    /// and a key derived for one purpose says nothing about another's or about the sealed secrets.
    public func derivedKeys(purpose: String) -> [SymmetricKey] {
        keys.map { entry in
            HKDF<SHA256>.deriveKey(inputKeyMaterial: entry.key, salt: Array("kyoei derived key v1".utf8),
                                   info: Array(purpose.utf8), outputByteCount: 32)
        }
    }
}
