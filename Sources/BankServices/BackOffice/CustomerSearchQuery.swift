import BankCore
import BankStore
import Foundation
import SQLKit

/// 顧客検索: any of ログインID (prefix), カナ氏名 (prefix; hiragana, full-width katakana and
/// spaces are normalised like a 受取人名) and 口座番号 (7 digits, any branch); the keys given
/// must all match.
public struct CustomerSearchQuery: Sendable, Equatable {
    public var loginID: String?
    public var nameKana: String?
    public var accountNumber: String?

    /// At most this many customers are listed; narrow the search for more.
    public static let maximumResults = 50

    public init(loginID: String? = nil, nameKana: String? = nil, accountNumber: String? = nil) {
        self.loginID = loginID; self.nameKana = nameKana; self.accountNumber = accountNumber
    }
}
