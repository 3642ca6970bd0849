import BankCore
import BankStore
import Foundation
import SQLKit

/// What the counter clerk types to open a customer (kyoei admin customer create).
public struct CustomerApplication: Sendable {
    public var loginID: String
    public var nameKanji: String
    public var nameKana: String
    public var pcEmail: String
    public var mobileEmail: String?
    public var loginPassword: String
    public var confirmationPassword: String

    public init(loginID: String, nameKanji: String, nameKana: String, pcEmail: String, mobileEmail: String?,
                loginPassword: String, confirmationPassword: String) {
        self.loginID = loginID; self.nameKanji = nameKanji; self.nameKana = nameKana; self.pcEmail = pcEmail
        self.mobileEmail = mobileEmail; self.loginPassword = loginPassword; self.confirmationPassword = confirmationPassword
    }
}
