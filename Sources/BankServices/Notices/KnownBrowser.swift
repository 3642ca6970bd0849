/// The long-lived random cookie that lets the bank tell a browser it has seen from a new one.
public enum KnownBrowser {
    /// The value the bank issues: 64 hex digits. Anything else is no key (a new browser).
    public static func validKey(_ raw: String?) -> String? {
        guard let raw, raw.utf8.count == 64, raw.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else {
            return nil
        }
        return raw
    }
}
