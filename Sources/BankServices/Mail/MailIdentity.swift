import BankCore
import BankStore
import Foundation

/// Who the bank's mail comes from (KYOEI_MAIL_FROM).
public struct MailIdentity: Sendable, Equatable {
    public var displayName: String
    public var address: String

    public init(displayName: String, address: String) {
        self.displayName = displayName
        self.address = address
    }

    /// Reads `"Name" <address>`, `Name <address>` or a bare address.
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let open = trimmed.lastIndex(of: "<"), trimmed.hasSuffix(">") {
            let address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            var name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
            if name.hasPrefix("\"") && name.hasSuffix("\"") && name.count >= 2 { name = String(name.dropFirst().dropLast()) }
            guard let valid = try? MailAddress(validating: address) else { return nil }
            self.init(displayName: name, address: valid.value)
        } else {
            guard let valid = try? MailAddress(validating: trimmed) else { return nil }
            self.init(displayName: "", address: valid.value)
        }
    }

    public static let `default` = MailIdentity(displayName: "きょうえいネットバンキング", address: "no-reply@kyoei-shinkumi.example")

    var domain: String { String(address.split(separator: "@").last ?? "localhost") }
}

/// Lets the delivery workers be told that a mail was committed, so it goes out at once: the
/// one in this process directly, those of the other processes on the database through it
/// (PostgreSQL NOTIFY; `MailDeliveryWorker` listens). Use cases call `notify()` after the commit.
public final class MailNotifier: Sendable {
    private let handler = LockedBox<(@Sendable () -> Void)?>(nil)
    private let database: (any BankDatabase)?

    public init(database: (any BankDatabase)? = nil) {
        self.database = database
    }

    public func onEnqueue(_ body: @escaping @Sendable () -> Void) { handler.set(body) }

    public func notify() {
        handler.get()?()
        database?.wakeOtherProcesses(.mailOutbox)
    }
}

final class LockedBox<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func get() -> Value { lock.withLock { value } }
    func set(_ newValue: Value) { lock.withLock { value = newValue } }
}
