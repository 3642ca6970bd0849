import BankServices
import Hummingbird

/// The browser's key for ログインのお知らせ: a random value in a long-lived cookie, so a login
/// from a browser never seen for the customer is always notified. The database keeps only its
/// hash per customer; nothing is read from the device (no fingerprint).
extension CustomerSite {
    /// The key this browser holds, or a new one when it holds none the bank issued.
    func browserKey(_ request: Request) -> String {
        KnownBrowser.validKey(request.cookieValue(settings.browserCookieName)) ?? bank.random.token256()
    }

    /// The cookie, set (again) at every login: about 400 days, the longest browsers keep one.
    /// HttpOnly (no script reads it), Secure on an https site, SameSite=Lax like the session's.
    func browserCookie(_ key: String) -> Cookie {
        Cookie(name: settings.browserCookieName, value: key, maxAge: 400 * 86_400, path: "/",
               secure: settings.secureCookies, httpOnly: true, sameSite: .lax)
    }
}
