import BankCore
import Foundation
import SQLKit

extension CustomerRecords {
    /// 顧客検索: customers whose login ID starts with `loginIDPrefix`, whose kana name starts
    /// with `kanaPrefix` (compared without spaces, so 「ﾀﾅｶﾊ」 finds 「ﾀﾅｶ ﾊﾅｺ」), and who hold an
    /// account numbered `accountNumber` in any branch; the keys given must all match.
    /// Prefixes are matched with LIKE, their wildcards escaped.
    public static func search(_ db: any SQLDatabase, loginIDPrefix: String?, kanaPrefix: String?, accountNumber: String?,
                              limit: Int) async throws -> [CustomerRecord] {
        var sql = SQLQueryString("SELECT \(unsafeRaw: columns) FROM customers c WHERE 1 = 1")
        if let loginIDPrefix {
            sql += " AND c.login_id LIKE \(bind: likePrefix(loginIDPrefix)) ESCAPE '\\'"
        }
        if let kanaPrefix {
            let compact = kanaPrefix.replacingOccurrences(of: " ", with: "")
            sql += " AND REPLACE(c.name_kana, ' ', '') LIKE \(bind: likePrefix(compact)) ESCAPE '\\'"
        }
        if let accountNumber {
            sql += " AND c.id IN (SELECT customer_id FROM accounts WHERE account_number = \(bind: accountNumber) AND customer_id IS NOT NULL)"
        }
        sql += " ORDER BY c.name_kana, c.id LIMIT \(bind: limit)"
        return try await db.raw(sql).all().map(decode)
    }

    /// Customers whose 漢字氏名 is `kanji` or whose カナ氏名 is `kana`, spaces (half- and
    /// full-width) not counted: how a clerk names a customer on 補償判定資料.
    public static func named(_ db: any SQLDatabase, kanji: String?, kana: String?, limit: Int) async throws -> [CustomerRecord] {
        guard kanji != nil || kana != nil else { return [] }
        func compact(_ text: String) -> String { text.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\u{3000}", with: "") }
        var sql = SQLQueryString("SELECT \(unsafeRaw: columns) FROM customers c WHERE 1 = 0")
        if let kanji {
            sql += " OR REPLACE(REPLACE(c.name_kanji, ' ', ''), '\u{3000}', '') = \(bind: compact(kanji))"
        }
        if let kana {
            sql += " OR REPLACE(c.name_kana, ' ', '') = \(bind: compact(kana))"
        }
        sql += " ORDER BY c.name_kana, c.id LIMIT \(bind: limit)"
        return try await db.raw(sql).all().map(decode)
    }

    /// The accounts of every customer listed, in one query (not one per row), each customer's
    /// ordered as `AccountRecords.forCustomer` orders them.
    public static func accounts(_ db: any SQLDatabase, of customerIDs: [Int64]) async throws -> [Int64: [AccountRecord]] {
        guard !customerIDs.isEmpty else { return [:] }
        var sql = SQLQueryString("\(unsafeRaw: AccountRecords.select) WHERE a.customer_id IN (")
        appendList(&sql, customerIDs)
        sql += ") ORDER BY a.branch_code, a.account_number"
        var found: [Int64: [AccountRecord]] = [:]
        for account in try await db.raw(sql).all().map(AccountRecords.decode) {
            if let owner = account.customerID { found[owner, default: []].append(account) }
        }
        return found
    }

    /// The locked credentials of every customer listed, in one query, each customer's in the
    /// order of `Credential.allCases` (how the screens list them). A lock is a counter row with
    /// `locked_at` set (CredentialRecords), lifted only by a success or the bank's unlock.
    public static func lockedCredentials(_ db: any SQLDatabase, of customerIDs: [Int64]) async throws -> [Int64: [Credential]] {
        guard !customerIDs.isEmpty else { return [:] }
        var sql = SQLQueryString("SELECT customer_id, credential FROM credential_failures WHERE locked_at IS NOT NULL AND customer_id IN (")
        appendList(&sql, customerIDs)
        sql += ")"
        var found: [Int64: Set<Credential>] = [:]
        for row in try await db.raw(sql).all() {
            guard let credential = Credential(rawValue: try row.decode(column: "credential", as: String.self)) else { continue }
            found[try row.decode(column: "customer_id", as: Int64.self), default: []].insert(credential)
        }
        return found.mapValues { locked in Credential.allCases.filter(locked.contains) }
    }

    private static func appendList(_ sql: inout SQLQueryString, _ ids: [Int64]) {
        for (index, id) in ids.enumerated() {
            sql += index == 0 ? "\(bind: id)" : ", \(bind: id)"
        }
    }

    /// `text%` with `\`, `%` and `_` in `text` taken literally.
    static func likePrefix(_ text: String) -> String {
        var out = ""
        for character in text {
            if character == "\\" || character == "%" || character == "_" { out.append("\\") }
            out.append(character)
        }
        return out + "%"
    }
}
