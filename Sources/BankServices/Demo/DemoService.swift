import BankCore
import BankStore
import Foundation

/// The demo's data (`kyoei demo`, `serve --demo`): never on a real bank. Everything is made
/// through the counter's own use cases, as the operator `demo`.
public struct DemoService: BankUseCase {
    public let context: BankContext

    public init(context: BankContext) {
        self.context = context
    }

    /// Who the demo's data is made by, in the audit trail (`staff:demo`).
    static let maker = BankActor.operator(name: "demo")
}

extension DemoService {
    /// Creates what the demo needs, each part only when it is missing, so running it again
    /// (or on a database made before a part existed) adds nothing twice: the demo bank/branch
    /// master, the demo customer with an ordinary and a savings account and two months of
    /// history, a second customer to transfer to, and demo01's two kinds of payee.
    public func seed() async throws -> DemoResult {
        var result = DemoResult(created: false, loginID: DemoCustomer.loginID, loginPassword: DemoCustomer.loginPassword,
                                confirmationPassword: DemoCustomer.confirmationPassword)
        try await seedDirectory()
        result.created = try await seedCustomer()
        let recipientAccount = try await seedRecipient()
        try await seedPayees(recipientAccount: recipientAccount)
        result.staff = try await seedStaff()
        return result
    }

    /// The demo master from BankDirectoryCSV.demo (built in: nothing is read from the
    /// repository at run time), unless some master was imported already.
    private func seedDirectory() async throws {
        let counts = try await database.read { db in try await BankDirectoryRecords.counts(db) }
        if counts.banks == 0 { _ = try await bank.directory.importCSV(BankDirectoryCSV.demo, by: Self.maker) }
    }

    /// demo01; true when it was created now.
    private func seedCustomer() async throws -> Bool {
        if (try? await bank.counter.customerRecord(loginID: DemoCustomer.loginID)) != nil { return false }
        _ = try await bank.counter.createCustomer(CustomerApplication(
            loginID: DemoCustomer.loginID, nameKanji: DemoCustomer.nameKanji, nameKana: DemoCustomer.nameKana,
            pcEmail: DemoCustomer.pcEmail, mobileEmail: DemoCustomer.mobileEmail,
            loginPassword: DemoCustomer.loginPassword, confirmationPassword: DemoCustomer.confirmationPassword), by: Self.maker)
        let ordinary = try await bank.counter.openAccount(loginID: DemoCustomer.loginID, branch: "001", type: .ordinary, by: Self.maker)
        let savings = try await bank.counter.openAccount(loginID: DemoCustomer.loginID, branch: "002", type: .savings, by: Self.maker)
        let now = clock.now()
        let day: TimeInterval = 86_400
        let history: [(AccountView, CounterDirection, String, String, TimeInterval)] = [
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
            _ = try await bank.counter.post(direction, branch: account.branchCode, accountNumber: account.accountNumber,
                                            amount: amount, memo: memo, by: Self.maker, at: now.addingTimeInterval(offset))
        }
        return true
    }

    /// demo02 with an ordinary account at 吉田支店; returns that account.
    private func seedRecipient() async throws -> AccountView {
        if let existing = try? await bank.counter.accounts(loginID: DemoRecipient.loginID)
            .first(where: { $0.branchCode == DemoRecipient.branch && $0.accountType == .ordinary }) {
            return existing
        }
        if (try? await bank.counter.customerRecord(loginID: DemoRecipient.loginID)) == nil {
            _ = try await bank.counter.createCustomer(CustomerApplication(
                loginID: DemoRecipient.loginID, nameKanji: DemoRecipient.nameKanji, nameKana: DemoRecipient.nameKana,
                pcEmail: DemoRecipient.pcEmail, mobileEmail: nil, loginPassword: DemoRecipient.loginPassword,
                confirmationPassword: DemoRecipient.confirmationPassword), by: Self.maker)
        }
        let account = try await bank.counter.openAccount(loginID: DemoRecipient.loginID, branch: DemoRecipient.branch,
                                                         type: .ordinary, by: Self.maker)
        _ = try await bank.counter.post(.deposit, branch: account.branchCode, accountNumber: account.accountNumber,
                                        amount: "50000", memo: "窓口入金", by: Self.maker,
                                        at: clock.now().addingTimeInterval(-3 * 86_400))
        return account
    }

    /// demo01's 届出済み振込先 (at another bank) and one payee of its own list (demo02's account).
    private func seedPayees(recipientAccount: AccountView) async throws {
        do {
            _ = try await bank.counter.registerBankPayee(loginID: DemoCustomer.loginID, DemoBankPayee.form, by: Self.maker)
        } catch BankError.duplicatePayee {}
        let customer = try await bank.counter.customerRecord(loginID: DemoCustomer.loginID)
        let destination = try await bank.transfers.resolveDestination(customerID: customer.id, .other(
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
            try await AuditRecords.write(db, .payeeAdded, .success, by: AuditActor(Self.maker), customerID: customer.id,
                                         loginID: customer.loginID, client: .demo, detail: Bank.payeeDetail(record.id, record), at: now)
        }
    }
}
