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
