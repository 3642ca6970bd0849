import SQLKit

/// A bank of the master by code, name and kana (the bank picker's candidates).
public struct BankNameRow: Sendable, Equatable, Codable {
    public var code: String
    public var name: String
    public var nameKana: String

    public init(code: String, name: String, nameKana: String) {
        self.code = code
        self.name = name
        self.nameKana = nameKana
    }
}

extension BankDirectoryRecords {
    /// Every bank of the master, by code: the bank picker matches names and kana in BankCore
    /// (kana folding that SQL `LIKE` cannot do on both engines), and the whole master is about
    /// 1,200 banks. Without the branch count of `banks(_:)`, which would read every branch.
    public static func bankNames(_ db: any SQLDatabase) async throws -> [BankNameRow] {
        try await db.raw("SELECT code, name, name_kana FROM banks ORDER BY code").all().map { row in
            BankNameRow(code: try row.decode(column: "code", as: String.self), name: try row.decode(column: "name", as: String.self),
                        nameKana: try row.decode(column: "name_kana", as: String.self))
        }
    }

    /// One bank by code, or nil.
    public static func bankName(_ db: any SQLDatabase, code: String) async throws -> BankNameRow? {
        guard let row = try await db.raw("SELECT code, name, name_kana FROM banks WHERE code = \(bind: code)").first() else {
            return nil
        }
        return BankNameRow(code: try row.decode(column: "code", as: String.self), name: try row.decode(column: "name", as: String.self),
                           nameKana: try row.decode(column: "name_kana", as: String.self))
    }
}
