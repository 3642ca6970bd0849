import BankCore
import Crypto
import Foundation
import Hummingbird

/// The CSRF token of the forms shown before login (ログイン, 事務管理部ログイン, the language
/// switch): a double submit whose cookie value is also signed by the server. It is 32 hex
/// digits of randomness followed by 32 hex digits of HMAC-SHA256 over them (truncated to 128
/// bits), under a key derived from KYOEI_SECRET_KEYS. A cookie and form field that merely
/// equal each other — planted by someone who can write the bank's cookies — are refused
/// unless this server made them.
struct PreLoginToken: Sendable {
    /// The first signs; all verify (key rotation).
    let keys: [SymmetricKey]
    /// Tokens of the customer site and of the back office are not interchangeable.
    let purpose: String

    static let nonceHexCount = 32

    init(keyRing: SecretKeyRing?, purpose: String) {
        self.purpose = purpose
        self.keys = keyRing?.derivedKeys(purpose: "pre-login csrf " + purpose) ?? [Self.processKey]
    }

    /// Without a key ring (only a bank that cannot keep token seeds either; `kyoei serve`
    /// refuses to start so) a key of this process: its tokens fail after a restart, which
    /// only asks the customer to open the login screen again.
    private static let processKey = SymmetricKey(size: .bits256)

    func issue(random: any RandomSource) -> String {
        let nonce = Hex.encode(random.bytes(Self.nonceHexCount / 2))
        return nonce + signature(nonce, key: keys[0])
    }

    /// Whether this server issued `token` (under any key of the ring).
    func isGenuine(_ token: String) -> Bool {
        guard token.utf8.count == 2 * Self.nonceHexCount, token.utf8.allSatisfy({ Self.lowerHex.contains($0) }) else { return false }
        let nonce = String(token.prefix(Self.nonceHexCount)), presented = String(token.suffix(Self.nonceHexCount))
        return keys.contains { CSRFProtection.tokensMatch(presented, signature(nonce, key: $0)) }
    }

    private func signature(_ nonce: String, key: SymmetricKey) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array((purpose + ":" + nonce).utf8), using: key)
        return Hex.encode(Array(mac).prefix(Self.nonceHexCount / 2))
    }

    private static let lowerHex = Set("0123456789abcdef".utf8)
}

extension BankSite {
    var preLoginTokens: PreLoginToken { PreLoginToken(keyRing: bank.settings.secretKeys, purpose: Self.preLoginPurpose) }

    /// The pre-login CSRF token: reused from the cookie when this server issued it, otherwise
    /// new (with its cookie, scoped like the site's session cookie).
    func preLoginToken(_ request: Request) -> (String, Cookie?) {
        let existing = genuinePreLoginCookie(request)
        if !existing.isEmpty { return (existing, nil) }
        let token = preLoginTokens.issue(random: bank.random)
        return (token, preLoginCookie(token, maxAge: 3600))
    }

    /// The pre-login cookie if this server issued it, else "" (which no form field matches).
    func genuinePreLoginCookie(_ request: Request) -> String {
        guard let value = request.cookieValue(preLoginCookieName), preLoginTokens.isGenuine(value) else { return "" }
        return value
    }

    /// Forgets the pre-login cookie (a login succeeded: the session's token takes over).
    func clearedPreLoginCookie() -> Cookie { preLoginCookie("", maxAge: 0) }

    private func preLoginCookie(_ value: String, maxAge: Int) -> Cookie {
        Cookie(name: preLoginCookieName, value: value, maxAge: maxAge, path: sessionGate.cookiePath,
               secure: settings.secureCookies, httpOnly: true, sameSite: .strict)
    }
}
