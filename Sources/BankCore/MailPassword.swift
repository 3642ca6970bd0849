import Foundation

/// メール通知パスワード: a one-off password mailed when a transfer to a customer-registered
/// or hand-entered payee begins, typed on the execute screen.
///
/// It is stored only as a keyed hash (`KeyedHash`) over a namespaced input that names the
/// customer and the payee, so a hash copied to another customer's or payee's row verifies
/// nothing.
public enum MailPassword {
    /// Letters and digits that cannot be mistaken for one another when read off a phone
    /// screen and typed on a PC. Left out entirely: 0 O o D Q (round), 1 l I i j J (stroke),
    /// 2 Z z, 5 S s, u U v V y, and m (rn). Of 6/b/G, 8/B and 9/g/q only the digit stays; of
    /// letters whose two cases look the same (c k p w x) only the upper case.
    public static let alphabet: [Character] = Array("346789ACEFHKLMNPRTWXYadefhnrt")
    /// What is generated: 10 of 29 symbols, about 48 bits; guessing is capped by the lockout anyway.
    public static let length = 10
    /// The shortest password the bank will ever issue.
    public static let minimumLength = 8
    /// The longest accepted when typed: room for a longer issued length later, while a
    /// pasted paragraph is refused at once.
    public static let maximumLength = 32

    /// A new password, every character uniform over `alphabet`.
    public static func generate(random: any RandomSource, length: Int = MailPassword.length) -> String {
        precondition(length >= minimumLength, "a mail password has at least \(minimumLength) characters")
        // Rejection sampling: bytes from 232 (= 8 × 29) upwards would favour the first
        // 24 symbols, so they are thrown away rather than folded in.
        let limit = 256 - 256 % alphabet.count
        var out = ""
        while out.count < length {
            // Ask only for what is still missing: no drawn byte is wasted or left unexamined.
            for byte in random.bytes(length - out.count) where Int(byte) < limit {
                out.append(alphabet[Int(byte) % alphabet.count])
            }
        }
        return out
    }

    /// The password as typed or pasted: full-width letters and digits become half-width,
    /// surrounding spaces and line breaks go. Case is kept: the alphabet has both cases.
    public static func normalize(_ raw: String) -> String {
        TextNormalizer.fullwidthASCIIToHalfwidth(raw).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The normalised password, or why it cannot be one the bank issued. A malformed entry
    /// needs no hash lookup to be refused.
    public static func validate(_ raw: String) throws(MailPasswordInputError) -> String {
        let text = normalize(raw)
        if text.isEmpty { throw .empty }
        guard (minimumLength...maximumLength).contains(text.count), text.allSatisfy(alphabet.contains) else { throw .malformed }
        return text
    }

    /// The string that is keyed-hashed: `mail-password:<customer id>:<payee key>:<password>`.
    /// The prefix keeps it apart from every other keyed hash (activation passwords use
    /// `otp-activation:`); customer and payee bind it to one transfer destination.
    /// The password comes last and its alphabet has no `:`, so no two inputs collide.
    public static func hashInput(customerID: Int64, payeeKey: String, password: String) -> String {
        "mail-password:\(customerID):\(payeeKey):\(normalize(password))"
    }

    /// The stored form of a newly issued password.
    public static func hash(_ password: String, customerID: Int64, payeeKey: String, using keyedHash: KeyedHash) -> String {
        keyedHash.hash(hashInput(customerID: customerID, payeeKey: payeeKey, password: password))
    }

    /// Whether `presented` is the password issued to this customer for this payee.
    /// A malformed entry is simply false (the caller counts it as a failure like any other).
    public static func verify(_ presented: String, customerID: Int64, payeeKey: String,
                              against stored: String, using keyedHash: KeyedHash) -> Bool {
        guard let password = try? validate(presented) else { return false }
        return keyedHash.verify(hashInput(customerID: customerID, payeeKey: payeeKey, password: password), against: stored)
    }
}

/// Why a typed mail password is refused before it is compared.
public enum MailPasswordInputError: Error, Sendable, Equatable {
    case empty
    /// Wrong length or a character the bank never issues.
    case malformed

    public var messageKey: String {
        switch self {
        case .empty: "error.mail_password.required"
        case .malformed: "error.mail_password.format"
        }
    }
}

/// Why a mail password is not accepted at execution.
public enum MailPasswordRefusal: Error, Sendable, Equatable {
    /// None is valid: never issued for this payee, replaced by a newer one, or the session ended.
    case notIssued
    /// It does not match the one mailed.
    case incorrect
    /// Too many consecutive failures; the bank unlocks.
    case locked

    public var messageKey: String {
        switch self {
        case .notIssued: "error.mail_password.not_issued"
        case .incorrect: "error.mail_password.incorrect"
        case .locked: "error.mail_password.locked"
        }
    }
}
