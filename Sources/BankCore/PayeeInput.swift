import Foundation

/// One thing wrong with one form field: the field's name and the message the customer reads.
/// Pure counterpart of the services' field errors, so core validation can report every
/// field at once without depending on the service layer.
public struct InputProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    public var field: String
    public var messageKey: String
    public init(field: String, messageKey: String) {
        self.field = field
        self.messageKey = messageKey
    }
    public var description: String { "\(field): \(messageKey)" }
}

/// A transfer destination entered by hand (他口座への振込・振替), or registered by the customer:
/// bank code, branch code, 科目, 口座番号 and 受取人名 in Zengin half-width kana.
///
/// Only the form is checked here; whether the bank and branch exist is a lookup in the
/// bank directory (`BankDirectory`).
public struct PayeeInput: Sendable, Hashable {
    /// The form's field names, as `InputProblem.field` reports them.
    public enum Field: String, Sendable, CaseIterable {
        case bankCode = "bank_code"
        case branchCode = "branch_code"
        case accountType = "account_type"
        case accountNumber = "account_number"
        case holderName = "holder_name"
    }

    public let bankCode: BankCode
    public let branchCode: BranchCode
    public let accountType: AccountType
    public let accountNumber: AccountNumber
    public let holderName: KanaName

    /// Checks every field and reports every problem at once, in form order, so the customer
    /// fixes the form in one go. Full-width digits and spaces in the codes are accepted
    /// (Japanese keyboards type them, and people copy numbers as `123 4567`); the name is
    /// normalised to half-width upper-case kana.
    /// - Parameter accountType: `ordinary`/`current`/`savings`, the Zengin code or 普通/当座/貯蓄.
    public init(bankCode: String, branchCode: String, accountType: String, accountNumber: String,
                holderName: String) throws(PayeeInputError) {
        var problems: [InputProblem] = []
        func note(_ field: Field, _ key: String) { problems.append(InputProblem(field: field.rawValue, messageKey: key)) }

        let bank = Self.code(BankCode.self, bankCode, field: .bankCode, note: note)
        let branch = Self.code(BranchCode.self, branchCode, field: .branchCode, note: note)
        let typeText = TextNormalizer.fullwidthASCIIToHalfwidth(accountType).trimmingCharacters(in: .whitespaces)
        let type = AccountType(input: typeText)
        if type == nil { note(.accountType, typeText.isEmpty ? "error.account_type.required" : "error.account_type.invalid") }
        let number = Self.code(AccountNumber.self, accountNumber, field: .accountNumber, note: note)
        var name: KanaName?
        do { name = try KanaName(validating: holderName) } catch {
            note(.holderName, Self.nameKey(error))
        }

        guard problems.isEmpty, let bank, let branch, let type, let number, let name else {
            throw PayeeInputError(problems: problems)
        }
        self.bankCode = bank
        self.branchCode = branch
        self.accountType = type
        self.accountNumber = number
        self.holderName = name
    }

    /// Identifies the destination account regardless of how it was entered:
    /// `2999-001-1-1234567` (bank, branch, Zengin type code, number). Used to bind a mailed
    /// password to the payee it was issued for.
    public var key: String {
        Self.key(bankCode: bankCode, branchCode: branchCode, accountType: accountType, accountNumber: accountNumber)
    }

    /// The key of a destination, for payees read back from storage.
    public static func key(bankCode: BankCode, branchCode: BranchCode, accountType: AccountType,
                           accountNumber: AccountNumber) -> String {
        "\(bankCode.value)-\(branchCode.value)-\(accountType.zenginCode)-\(accountNumber.value)"
    }

    private static func code<Code: DigitCode>(_ type: Code.Type, _ raw: String, field: Field,
                                              note: (Field, String) -> Void) -> Code? {
        // Inner spaces too, full-width ones included: "１２３　４５６７" is a 7-digit number.
        let compact = String(TextNormalizer.fullwidthASCIIToHalfwidth(raw).filter { !$0.isWhitespace })
        do {
            return try Code(validating: compact)
        } catch {
            note(field, "error.\(field.messageStem).\(error == .empty ? "required" : "invalid")")
            return nil
        }
    }

    private static func nameKey(_ error: KanaNameError) -> String {
        // The payee's own wording (受取人名), not the customer-registration "カナ氏名".
        switch error {
        case .empty: "error.payee_name.empty"
        case .tooLong: "error.payee_name.too_long"
        case .invalidCharacter: "error.payee_name.invalid"
        }
    }
}

extension PayeeInput.Field {
    /// `bank_code` → `error.bank_code.*`; the holder name speaks of `payee_name`.
    var messageStem: String { self == .holderName ? "payee_name" : rawValue }
}

/// Every problem of a payee form at once.
public struct PayeeInputError: Error, Sendable, Equatable {
    public let problems: [InputProblem]
    public init(problems: [InputProblem]) { self.problems = problems }

    /// The summary above the form; each problem carries its own key.
    public var messageKey: String { "error.payee.invalid" }

    /// The fields with a problem, in form order.
    public var fields: [String] { problems.map(\.field) }
}

/// `1234567` → `****567`: what mails, confirmation screens and the audit trail show of an
/// account number. Anything not 7 digits long keeps at most its last 3 characters and never
/// shows all of them, so a short or odd value cannot leak whole.
public func maskedAccountNumber(_ raw: String) -> String {
    let text = TextNormalizer.fullwidthASCIIToHalfwidth(raw).filter { !$0.isWhitespace }
    if text.count == AccountNumber.length, text.allSatisfy({ $0.isASCII && $0.isNumber }) {
        return AccountNumber(unchecked: text).masked
    }
    let shown = min(3, max(0, text.count - 1))
    return String(repeating: "*", count: max(4, text.count - shown)) + text.suffix(shown)
}
