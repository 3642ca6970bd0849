import BankCore
import BankStore
import Foundation
import SQLKit

/// 顧客新規登録 as the counter types it on the web. No passwords: the bank generates both.
public struct CounterCustomerForm: Sendable, Equatable {
    public var loginID: String
    public var nameKanji: String
    public var nameKana: String
    public var pcEmail: String
    public var mobileEmail: String
    /// Empty: open no account now.
    public var firstAccountBranch: String
    public var firstAccountType: String

    public init(loginID: String, nameKanji: String, nameKana: String, pcEmail: String, mobileEmail: String = "",
                firstAccountBranch: String = "", firstAccountType: String = "") {
        self.loginID = loginID; self.nameKanji = nameKanji; self.nameKana = nameKana; self.pcEmail = pcEmail
        self.mobileEmail = mobileEmail; self.firstAccountBranch = firstAccountBranch; self.firstAccountType = firstAccountType
    }
}
