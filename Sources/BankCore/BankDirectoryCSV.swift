import Foundation

/// One branch of the bank/branch master (金融機関・店舗マスタ): what a transfer screen and a
/// mail show for a bank code and branch code.
public struct BankDirectoryEntry: Sendable, Hashable, Codable {
    public let bankCode: BankCode
    public let bankName: String
    public let bankNameKana: KanaName
    public let branchCode: BranchCode
    public let branchName: String
    public let branchNameKana: KanaName

    public init(bankCode: BankCode, bankName: String, bankNameKana: KanaName,
                branchCode: BranchCode, branchName: String, branchNameKana: KanaName) {
        self.bankCode = bankCode; self.bankName = bankName; self.bankNameKana = bankNameKana
        self.branchCode = branchCode; self.branchName = branchName; self.branchNameKana = branchNameKana
    }
}

/// The master table's CSV form, as `kyoei admin banks import FILE.csv` reads it:
/// UTF-8 (a BOM, which Excel writes, is skipped), a header line
/// `bank_code,bank_name,bank_name_kana,branch_code,branch_name,branch_name_kana`,
/// then one branch per record. Fields may be quoted (RFC 4180: `""` is a quote, commas and
/// line breaks inside quotes are data); CRLF and LF line ends both work; blank lines are skipped.
public enum BankDirectoryCSV {
    public static let header = ["bank_code", "bank_name", "bank_name_kana", "branch_code", "branch_name", "branch_name_kana"]

    /// Every entry, or the first problem with the line it is on. All or nothing: an import
    /// must not leave half a table.
    public static func parse(_ text: String) throws(BankDirectoryCSVError) -> [BankDirectoryEntry] {
        let records = try BankDirectoryCSVReader.records(text)
        guard let first = records.first else { throw BankDirectoryCSVError(line: 1, problem: .empty) }
        guard first.fields.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) == header else {
            throw BankDirectoryCSVError(line: first.line, problem: .header)
        }
        var entries: [BankDirectoryEntry] = []
        var seen: Set<String> = []
        var bankNames: [BankCode: (String, KanaName)] = [:]
        for record in records.dropFirst() {
            let entry = try entry(record.fields, line: record.line)
            guard seen.insert("\(entry.bankCode)-\(entry.branchCode)").inserted else {
                throw BankDirectoryCSVError(line: record.line, problem: .duplicateBranch)
            }
            // One bank, one name: a different spelling on a later line is a broken file, and
            // which one the screens show would depend on the order of rows.
            if let known = bankNames[entry.bankCode], known != (entry.bankName, entry.bankNameKana) {
                throw BankDirectoryCSVError(line: record.line, problem: .conflictingBankName)
            }
            bankNames[entry.bankCode] = (entry.bankName, entry.bankNameKana)
            entries.append(entry)
        }
        if entries.isEmpty { throw BankDirectoryCSVError(line: first.line + 1, problem: .noEntries) }
        return entries
    }

    private static func entry(_ fields: [String], line: Int) throws(BankDirectoryCSVError) -> BankDirectoryEntry {
        func fail(_ problem: BankDirectoryCSVError.Problem) -> BankDirectoryCSVError { BankDirectoryCSVError(line: line, problem: problem) }
        guard fields.count == header.count else { throw fail(.fieldCount(fields.count)) }
        guard let bank = try? BankCode(validating: fields[0]) else { throw fail(.bankCode) }
        guard let bankName = name(fields[1]) else { throw fail(.bankName) }
        guard let bankKana = try? KanaName(validating: fields[2]) else { throw fail(.bankNameKana) }
        guard let branch = try? BranchCode(validating: fields[3]) else { throw fail(.branchCode) }
        guard let branchName = name(fields[4]) else { throw fail(.branchName) }
        guard let branchKana = try? KanaName(validating: fields[5]) else { throw fail(.branchNameKana) }
        return BankDirectoryEntry(bankCode: bank, bankName: bankName, bankNameKana: bankKana,
                                  branchCode: branch, branchName: branchName, branchNameKana: branchKana)
    }

    /// A display name: trimmed, non-empty, at most 60 characters, no control characters
    /// (a line break inside quotes is legal CSV but not a name).
    private static func name(_ raw: String) -> String? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty, text.count <= 60,
              !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return nil }
        return text
    }
}

/// Why a master CSV is refused, with the 1-based line the record starts on.
public struct BankDirectoryCSVError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Problem: Sendable, Equatable {
        case empty, header, noEntries
        case fieldCount(Int)
        /// A quote inside an unquoted field, or text after a closing quote.
        case misplacedQuote
        case unterminatedQuote
        case bankCode, bankName, bankNameKana, branchCode, branchName, branchNameKana
        case duplicateBranch, conflictingBankName
    }

    public let line: Int
    public let problem: Problem

    public init(line: Int, problem: Problem) {
        self.line = line
        self.problem = problem
    }

    public var messageKey: String {
        let name = switch problem {
        case .empty: "empty"
        case .header: "header"
        case .noEntries: "no_entries"
        case .fieldCount: "field_count"
        case .misplacedQuote: "misplaced_quote"
        case .unterminatedQuote: "unterminated_quote"
        case .bankCode: "bank_code"
        case .bankName: "bank_name"
        case .bankNameKana: "bank_name_kana"
        case .branchCode: "branch_code"
        case .branchName: "branch_name"
        case .branchNameKana: "branch_name_kana"
        case .duplicateBranch: "duplicate_branch"
        case .conflictingBankName: "conflicting_bank_name"
        }
        return "error.bank_directory.\(name)"
    }

    /// `{0}` in the message: the line number.
    public var messageArguments: [String] { [String(line)] }

    /// For the admin command's error output.
    public var description: String {
        let what = switch problem {
        case .empty: "the file is empty"
        case .header: "the header must be " + BankDirectoryCSV.header.joined(separator: ",")
        case .noEntries: "no branches after the header"
        case .fieldCount(let count): "\(count) fields, expected \(BankDirectoryCSV.header.count)"
        case .misplacedQuote: "a quote inside an unquoted field or after a closing quote"
        case .unterminatedQuote: "a quoted field is not closed"
        case .bankCode: "bank_code must be 4 digits"
        case .bankName: "bank_name is empty or invalid"
        case .bankNameKana: "bank_name_kana must be half-width katakana (Zengin characters, at most 48)"
        case .branchCode: "branch_code must be 3 digits"
        case .branchName: "branch_name is empty or invalid"
        case .branchNameKana: "branch_name_kana must be half-width katakana (Zengin characters, at most 48)"
        case .duplicateBranch: "this bank and branch code appear twice"
        case .conflictingBankName: "this bank code has another name on an earlier line"
        }
        return "line \(line): \(what)"
    }
}
