import BankCore
import BankStore

/// A bank as the bank picker lists it.
public struct BankChoice: Sendable, Equatable {
    public let code: String
    public let name: String
    public let nameKana: String
}

/// A branch as the branch picker lists it.
public struct BranchChoice: Sendable, Equatable {
    public let code: String
    public let name: String
    public let nameKana: String
}

/// What a picker found: at most `DirectoryService.searchLimit` entries, and whether there
/// were more (the page then asks to refine the search).
public struct DirectorySearchResult<Entry: Sendable & Equatable>: Sendable, Equatable {
    public let query: DirectoryQuery
    public let entries: [Entry]
    public let truncated: Bool

    public init(query: DirectoryQuery, entries: [Entry], truncated: Bool) {
        self.query = query
        self.entries = entries
        self.truncated = truncated
    }
}

/// 金融機関・支店の検索 of 他口座への振込・振替: banks and then branches by name (kanji or kana,
/// partial), by 50音 initial or row, or by code. Reads only: nothing is written or audited.
extension DirectoryService {
    /// A list longer than this is cut and the customer asked to narrow the search (the real
    /// master has ~1,200 banks and some banks several hundred branches).
    public static let searchLimit = 50

    /// The banks for the picker's three inputs (`q`, `row`, `kana`); bad input is refused by
    /// field name (`BankError.invalidInput`).
    public func searchBanks(by actor: BankActor, text: String?, row: String?, initial: String?) async throws
        -> DirectorySearchResult<BankChoice> {
        _ = try actor.requireCustomer()
        let query = try Self.query(text: text, row: row, initial: initial)
        guard query != .none else { return DirectorySearchResult(query: query, entries: [], truncated: false) }
        let banks = try await database.read { db in try await BankDirectoryRecords.bankNames(db) }
        let found = DirectoryMatch.filter(banks.map { .init(code: $0.code, name: $0.name, kana: $0.nameKana) }, query)
        return DirectorySearchResult(query: query, entries: found.prefix(Self.searchLimit).map(BankChoice.init),
                                     truncated: found.count > Self.searchLimit)
    }

    /// This bank, then `settings.majorBankCodes`, as far as the master knows them.
    public func majorBanks(by actor: BankActor) async throws -> [BankChoice] {
        _ = try actor.requireCustomer()
        var codes = [settings.bankCode]
        for code in settings.majorBankCodes where !codes.contains(code) { codes.append(code) }
        let banks = try await database.read { db in try await BankDirectoryRecords.bankNames(db) }
        let byCode = Dictionary(banks.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        return codes.compactMap { byCode[$0] }.map { BankChoice(code: $0.code, name: $0.name, nameKana: $0.nameKana) }
    }

    /// One bank of the master (the branch picker's heading), read as the transfer form reads
    /// the code; an unknown or malformed code is refused on `bank_code`.
    public func bank(by actor: BankActor, code raw: String) async throws -> BankChoice {
        _ = try actor.requireCustomer()
        let code: BankCode
        do { code = try BankCode(validating: raw) } catch {
            throw BankError.invalidInput([FieldError(field: "bank_code", messageKey: Self.codeKey("bank_code", error))])
        }
        guard let bank = try await database.read({ db in try await BankDirectoryRecords.bankName(db, code: code.value) }) else {
            throw BankError.invalidInput([FieldError(field: "bank_code", messageKey: "error.transfer.unknown_bank")])
        }
        return BankChoice(code: bank.code, name: bank.name, nameKana: bank.nameKana)
    }

    /// The branches of one bank for the picker's inputs; the bank as `bank(by:code:)` reads it.
    /// Nothing asked lists every branch of a bank small enough for one list (a 信用組合's
    /// three), by code; a larger bank's list waits for a search (`truncated`, no entries).
    public func searchBranches(by actor: BankActor, bankCode: String, text: String?, row: String?, initial: String?)
        async throws -> (bank: BankChoice, result: DirectorySearchResult<BranchChoice>) {
        let bank = try await bank(by: actor, code: bankCode)
        let query = try Self.query(text: text, row: row, initial: initial)
        let branches = try await database.read { db in try await BankDirectoryRecords.branches(db, bankCode: bank.code) }
        let candidates = branches.map { DirectoryMatch.Candidate(code: $0.branchCode, name: $0.branchName, kana: $0.branchNameKana) }
        if query == .none && candidates.count > Self.searchLimit {
            return (bank, DirectorySearchResult(query: query, entries: [], truncated: true))
        }
        let found = query == .none ? candidates : DirectoryMatch.filter(candidates, query)
        return (bank, DirectorySearchResult(query: query, entries: found.prefix(Self.searchLimit).map(BranchChoice.init),
                                            truncated: found.count > Self.searchLimit))
    }

    private static func query(text: String?, row: String?, initial: String?) throws -> DirectoryQuery {
        do { return try DirectoryQuery.parse(text: text, row: row, initial: initial) } catch {
            throw BankError.invalidInput([FieldError(field: error.field.rawValue, messageKey: error.messageKey)])
        }
    }
}

extension BankChoice {
    init(_ candidate: DirectoryMatch.Candidate) {
        self.init(code: candidate.code, name: candidate.name, nameKana: candidate.kana)
    }
}

extension BranchChoice {
    init(_ candidate: DirectoryMatch.Candidate) {
        self.init(code: candidate.code, name: candidate.name, nameKana: candidate.kana)
    }
}

extension DirectoryService {
    /// The names of a bank and branch of the master, or nil when either is not in it (unlike
    /// `names`, which shows an unknown code as itself).
    public func knownNames(bankCode: String, branchCode: String) async throws -> (bankName: String, branchName: String)? {
        try await database.read { db in
            try await BankDirectoryRecords.find(db, bankCode: bankCode, branchCode: branchCode).map { ($0.bankName, $0.branchName) }
        }
    }
}
