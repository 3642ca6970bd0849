/// An error the token app shows to its user: Japanese first, English second.
///
/// Every TokenKit error conforms, so the app can print any of them the same way without
/// knowing which layer failed. Messages never contain the token secret or a password.
public protocol BilingualError: Error, CustomStringConvertible {
    /// The message in Japanese (shown first).
    var message: String { get }
    /// The same message in English.
    var messageEN: String { get }
}

extension BilingualError {
    /// `日本語 / English`, one line, safe to print and log.
    public var description: String { "\(message) / \(messageEN)" }
}
