import BankCore
import BankStore
import Foundation

/// The demo customer that `kyoei demo` (and the run command) creates once, so a person
/// can try the site at once. Its passwords are public: never run `demo` on a real bank.
public enum DemoCustomer {
    public static let loginID = "demo01"
    public static let loginPassword = "Sakura2026"
    public static let confirmationPassword = "Fuji3776x"
    public static let nameKanji = "共栄 太郎"
    public static let nameKana = "ｷﾖｳｴｲ ﾀﾛｳ"
    public static let pcEmail = "demo01@example.jp"
    public static let mobileEmail = "demo01-mobile@example.jp"
}

public struct DemoResult: Sendable, Codable {
    public var created: Bool
    public var loginID: String
    public var loginPassword: String
    public var confirmationPassword: String
}

extension Bank {
    /// Creates the demo customer with an ordinary and a savings account and two months of
    /// history, unless it exists already.
    public func seedDemo() async throws -> DemoResult {
        let result = DemoResult(created: false, loginID: DemoCustomer.loginID, loginPassword: DemoCustomer.loginPassword,
                                confirmationPassword: DemoCustomer.confirmationPassword)
        if (try? await customer(loginID: DemoCustomer.loginID)) != nil { return result }
        _ = try await createCustomer(CustomerApplication(
            loginID: DemoCustomer.loginID, nameKanji: DemoCustomer.nameKanji, nameKana: DemoCustomer.nameKana,
            pcEmail: DemoCustomer.pcEmail, mobileEmail: DemoCustomer.mobileEmail,
            loginPassword: DemoCustomer.loginPassword, confirmationPassword: DemoCustomer.confirmationPassword), staff: "demo")
        let ordinary = try await openAccount(loginID: DemoCustomer.loginID, branch: "001", type: .ordinary, staff: "demo")
        let savings = try await openAccount(loginID: DemoCustomer.loginID, branch: "002", type: .savings, staff: "demo")
        let now = clock.now()
        let day: TimeInterval = 86_400
        let history: [(AccountRecord, CounterDirection, String, String, TimeInterval)] = [
            (ordinary, .deposit, "350000", "給与", -58 * day),
            (ordinary, .withdrawal, "42000", "家賃", -55 * day),
            (savings, .deposit, "1000000", "定期預入", -50 * day),
            (ordinary, .withdrawal, "8640", "電気料金", -40 * day),
            (ordinary, .deposit, "352300", "給与", -28 * day),
            (ordinary, .withdrawal, "42000", "家賃", -25 * day),
            (ordinary, .withdrawal, "30000", "窓口出金", -12 * day),
            (savings, .deposit, "50000", "積立", -10 * day),
            (ordinary, .withdrawal, "7980", "電気料金", -9 * day),
            (ordinary, .deposit, "12345", "窓口入金", -2 * day),
        ]
        for (account, direction, amount, memo, offset) in history {
            _ = try await postCounter(direction, branch: account.branchCode, accountNumber: account.accountNumber,
                                      amount: amount, memo: memo, staff: "demo", at: now.addingTimeInterval(offset))
        }
        var created = result
        created.created = true
        return created
    }
}
