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

/// A second demo customer in this bank, so that demo01 has someone to transfer to and the
/// money can be seen arriving. Its passwords are public too.
public enum DemoRecipient {
    public static let loginID = "demo02"
    public static let loginPassword = "Momiji2026"
    public static let confirmationPassword = "Kaede3776x"
    public static let nameKanji = "栄 花子"
    public static let nameKana = "ｻｶｴ ﾊﾅｺ"
    public static let pcEmail = "demo02@example.jp"
    /// Its ordinary account is at 吉田支店, so a transfer from demo01's 本店 account is 本支店宛.
    public static let branch = "002"
}

/// demo01's 届出済み振込先: an account at a fictitious bank of the demo master
/// (架空サンプル銀行 駅前支店), so a transfer to another bank can be tried without typing.
public enum DemoBankPayee {
    public static let form = PayeeForm(bankCode: "0998", branchCode: "201", accountType: "ordinary",
                                       accountNumber: "1234567", holderName: "ﾀﾅｶ ﾀﾛｳ")
}

public struct DemoResult: Sendable, Codable {
    public var created: Bool
    public var loginID: String
    public var loginPassword: String
    public var confirmationPassword: String
    /// The demo's back-office staff (public passwords and TOTP secrets).
    public var staff: [DemoStaffLogin] = []
}

extension Bank {
    /// Creates what the demo needs, each part only when it is missing, so running it again
    /// (or on a database made before a part existed) adds nothing twice: the demo bank/branch
    /// master, the demo customer with an ordinary and a savings account and two months of
    /// history, a second customer to transfer to, and demo01's two kinds of payee.
    public func seedDemo() async throws -> DemoResult {
        var result = DemoResult(created: false, loginID: DemoCustomer.loginID, loginPassword: DemoCustomer.loginPassword,
                                confirmationPassword: DemoCustomer.confirmationPassword)
        try await seedDemoDirectory()
        result.created = try await seedDemoCustomer()
        let recipientAccount = try await seedDemoRecipient()
        try await seedDemoPayees(recipientAccount: recipientAccount)
        result.staff = try await seedDemoStaff()
        return result
    }

    /// The demo master from BankDirectoryCSV.demo (built in: nothing is read from the
    /// repository at run time), unless some master was imported already.
    private func seedDemoDirectory() async throws {
        let counts = try await database.read { db in try await BankDirectoryRecords.counts(db) }
        if counts.banks == 0 { _ = try await importBankDirectory(csv: BankDirectoryCSV.demo, staff: "demo") }
    }

    /// demo01; true when it was created now.
    private func seedDemoCustomer() async throws -> Bool {
        if (try? await customer(loginID: DemoCustomer.loginID)) != nil { return false }
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
        return true
    }

    /// demo02 with an ordinary account at 吉田支店; returns that account.
    private func seedDemoRecipient() async throws -> AccountRecord {
        if let existing = try? await accounts(loginID: DemoRecipient.loginID)
            .first(where: { $0.branchCode == DemoRecipient.branch && $0.accountType == .ordinary }) {
            return existing
        }
        if (try? await customer(loginID: DemoRecipient.loginID)) == nil {
            _ = try await createCustomer(CustomerApplication(
                loginID: DemoRecipient.loginID, nameKanji: DemoRecipient.nameKanji, nameKana: DemoRecipient.nameKana,
                pcEmail: DemoRecipient.pcEmail, mobileEmail: nil, loginPassword: DemoRecipient.loginPassword,
                confirmationPassword: DemoRecipient.confirmationPassword), staff: "demo")
        }
        let account = try await openAccount(loginID: DemoRecipient.loginID, branch: DemoRecipient.branch, type: .ordinary,
                                            staff: "demo")
        _ = try await postCounter(.deposit, branch: account.branchCode, accountNumber: account.accountNumber, amount: "50000",
                                  memo: "窓口入金", staff: "demo", at: clock.now().addingTimeInterval(-3 * 86_400))
        return account
    }

    /// demo01's 届出済み振込先 (at another bank) and one payee of its own list (demo02's account).
    private func seedDemoPayees(recipientAccount: AccountRecord) async throws {
        do {
            _ = try await registerBankPayee(loginID: DemoCustomer.loginID, DemoBankPayee.form, staff: "demo")
        } catch BankError.duplicatePayee {}
        let customer = try await customer(loginID: DemoCustomer.loginID)
        let destination = try await resolveDestination(customerID: customer.id, .other(
            bankCode: settings.bankCode, branchCode: recipientAccount.branchCode, accountType: recipientAccount.accountType.rawValue,
            accountNumber: recipientAccount.accountNumber, holderName: ""))
        let now = clock.now()
        try await database.transaction { db in
            let payee = NewPayee(kind: .customer, bankCode: destination.bankCode, branchCode: destination.branchCode,
                                 accountType: destination.accountType, accountNumber: destination.accountNumber,
                                 holderName: destination.holderName)
            // nil: demo01 has it already.
            guard let record = try await PayeeRecords.insert(db, customerID: customer.id, payee, createdBy: "demo", at: now) else {
                return
            }
            try await AuditRecords.append(db, AuditEvent(
                at: now, event: "payee_added", result: .success, actor: "staff:demo", customerID: customer.id,
                loginID: customer.loginID, userAgent: "kyoei-demo", detail: "payee=\(record.id) \(Self.payeeSummary(record))"))
        }
    }
}
