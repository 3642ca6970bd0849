import Foundation

/// The bank as its texts name it: its word for itself (当組合, BankSelfName) and the telephone
/// number customers are told to call (KYOEI_BANK_PHONE, default 0256-61-1506). The screens'
/// and mails' texts say `{bank_self}`, `{Bank_self}`, `{bank_phone}` and
/// `{bank_phone_international}` where these belong; TextCatalog puts them in.
public struct BankContact: Sendable, Equatable {
    public var selfName: BankSelfName
    /// The number as dialled in Japan, e.g. `0256-61-1506`.
    public var phone: String

    public init(selfName: BankSelfName = .default, phone: String = BankContact.defaultPhone) {
        self.selfName = selfName
        self.phone = phone
    }

    public static let defaultPhone = "0256-61-1506"
    public static let `default` = BankContact()

    /// The number as dialled from abroad (English texts): `+81-256-61-1506`, the trunk 0 dropped.
    public var internationalPhone: String {
        phone.hasPrefix("0") ? "+81-" + phone.dropFirst() : phone
    }

    /// `text` with the placeholders replaced, in English or Japanese.
    public func substitute(in text: String, english: Bool) -> String {
        guard text.contains("{") else { return text }
        return selfName.substitute(in: text, english: english)
            .replacingOccurrences(of: "{bank_phone_international}", with: internationalPhone)
            .replacingOccurrences(of: "{bank_phone}", with: phone)
    }

    /// The contact this process uses: set once from the configuration when a command starts
    /// (one bank per process); the default until then.
    public static var current: BankContact { box.withLock { $0 } }

    public static func configure(_ contact: BankContact) { box.withLock { $0 = contact } }

    private static let box = ContactBox()
}

/// The process-wide contact behind a lock (read on every page, written once at start).
private final class ContactBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value = BankContact.default
    func withLock<T>(_ body: (inout BankContact) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
