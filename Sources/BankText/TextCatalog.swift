import BankCore
import Foundation

/// Every text a customer or staff member reads (screens, errors, mails): one catalog per
/// language, `Catalog/ja.json` and `Catalog/en.json`.
///
/// JSON rather than Swift tables: each language is one flat file sorted by key, so the two read
/// side by side line by line and a translator needs no Swift; as Swift literals the same ~1,000
/// entries had to be cut into 18 files to stay readable. The files are read once per process
/// into a dictionary, so a lookup costs what it did before (one hash lookup).
///
/// Keys have one style, `group.item`, lower snake_case segments joined by dots: the group is
/// the screen (`login.title`, `staff_mail.title`), `common` for words on many screens, `error`
/// for refusals, `mail` for mails, or the enum whose raw value ends the key
/// (`transfer.status.completed`, `error.locked.otp`). Templates read the same key:
/// `{{t.login.title}}`.
///
/// Placeholders: `{0}`, `{1}` … are the caller's arguments; `{bank_self}` / `{Bank_self}`
/// (当組合, "the credit union"), `{bank_phone}` and `{bank_phone_international}` come from
/// configuration (BankContact) and are put in here, once per configuration.
public enum TextCatalog {
    /// The catalog of `language`, placeholders for the bank filled in.
    public static func table(_ language: Language) -> [String: String] {
        let contact = BankContact.current
        return cache.withLock { cached in
            if let cached, cached.contact == contact { return cached.tables[language] ?? [:] }
            var tables: [Language: [String: String]] = [:]
            for each in Language.allCases { tables[each] = table(each, for: contact) }
            cached = (contact, tables)
            return tables[language] ?? [:]
        }
    }

    /// The catalog of `language` with `contact`'s words put in, made anew (`table(_:)` keeps
    /// the one of the configured contact).
    public static func table(_ language: Language, for contact: BankContact) -> [String: String] {
        (raw[language] ?? [:]).mapValues { contact.substitute(in: $0, english: language == .en) }
    }

    /// The catalogs as written, placeholders and all (the tests read these).
    public static let raw: [Language: [String: String]] = Dictionary(
        uniqueKeysWithValues: Language.allCases.map { ($0, load($0)) })

    /// Every group of the keys (`login`, `error.locked`, …): what a template can walk through.
    public static let groups: Set<String> = Set(raw.values.flatMap(\.keys).flatMap { key in
        let parts = key.split(separator: ".")
        return (1..<max(parts.count, 1)).map { parts.prefix($0).joined(separator: ".") }
    })

    private static func load(_ language: Language) -> [String: String] {
        guard let folder = Bundle.module.url(forResource: "Catalog", withExtension: nil),
              let data = try? Data(contentsOf: folder.appendingPathComponent("\(language.rawValue).json")),
              let table = try? JSONDecoder().decode([String: String].self, from: data) else {
            // Only a broken build or install gets here: the catalog is part of the binary's bundle.
            preconditionFailure("Catalog/\(language.rawValue).json is missing or is not a JSON object of strings")
        }
        return table
    }

    private static let cache = CatalogCache()
}

/// The filled-in catalogs behind a lock (read on every page, rebuilt only when the bank's
/// contact changes: once, at start).
private final class CatalogCache: @unchecked Sendable {
    private let lock = NSLock()
    private var value: (contact: BankContact, tables: [Language: [String: String]])?
    func withLock<T>(_ body: (inout (contact: BankContact, tables: [Language: [String: String]])?) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
