import ArgumentParser
import BankCore
import BankServices
import BankStore
import BankWeb
import Foundation

/// `kyoei admin payee …`: 届出済み振込先, the payees a customer applied for in writing at the
/// counter. Transfers to them need no メール通知パスワード (notice 別紙2), so only the bank
/// registers and removes them; the customer's own list (利用者登録) is only shown here.
struct PayeeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "payee", abstract: "届出済み振込先 (payees registered at the counter): register, list, remove.",
        subcommands: [RegisterPayee.self, ListPayees.self, RemovePayee.self])
}

struct RegisterPayee: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register",
        abstract: "Register a 届出済み振込先 after the customer's written application. The bank and branch must be in the master; an account in this bank must exist (its holder name is taken from the ledger).")
    @OptionGroup var options: AdminOptions
    @Option(name: .customLong("login-id")) var loginID: String
    @Option(name: .long, help: "Bank code (4 digits).") var bank: String
    @Option(name: .long, help: "Branch code (3 digits).") var branch: String
    @Option(name: .long, help: "ordinary (普通), current (当座) or savings (貯蓄).") var type: String
    @Option(name: .long, help: "Account number (7 digits).") var account: String
    @Option(name: .long, help: "受取人名 in half-width kana, e.g. 'ﾀﾅｶ ﾀﾛｳ' (may be left out for an account in this bank).")
    var name: String = ""

    func run() async throws {
        let form = PayeeForm(bankCode: bank, branchCode: branch, accountType: type, accountNumber: account, holderName: name)
        let payee = try await options.perform { service in
            try await service.counter.registerBankPayee(loginID: loginID, form, by: .operator(name: options.staffName))
        }
        let view = PayeeListView.Payee(payee)
        Output.emit(json: options.json, value: view, text: "届出済み振込先を登録しました (payee registered): \(view.line)")
    }
}

struct ListPayees: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "A customer's payees: 届出済み振込先 and the customer's own 振込・振替先一覧 (利用者登録).")
    @OptionGroup var options: AdminOptions
    @Option(name: .customLong("login-id")) var loginID: String

    func run() async throws {
        let lists = try await options.perform { bank in
            try await bank.counter.payees(loginID: loginID)
        }
        let view = PayeeListView(bankRegistered: lists.bankRegistered.map(PayeeListView.Payee.init),
                                 customerRegistered: lists.customerRegistered.map(PayeeListView.Payee.init))
        func section(_ title: String, _ payees: [PayeeListView.Payee]) -> [String] {
            [title] + (payees.isEmpty ? ["  (なし / none)"] : payees.map { "  " + $0.line })
        }
        Output.emit(json: options.json, value: view,
                    text: (section("届出済み振込先 (registered at the counter):", view.bankRegistered)
                           + section("振込・振替先一覧 利用者登録 (registered by the customer):", view.customerRegistered))
                        .joined(separator: "\n"))
    }
}

struct RemovePayee: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove a 届出済み振込先 (the customer's own payees are theirs to delete on the site). Past transfers keep it.")
    @OptionGroup var options: AdminOptions
    @Option(name: .customLong("login-id")) var loginID: String
    @Option(name: .long, help: "The payee's id (from payee list).") var id: Int64

    func run() async throws {
        try await options.perform { bank in try await bank.counter.removeBankPayee(loginID: loginID, payeeID: id, by: .operator(name: options.staffName)) }
        Output.emit(json: options.json, value: ["removed": id], text: "届出済み振込先を削除しました (payee removed): #\(id)")
    }
}

/// Both of a customer's payee lists as scripts see them.
struct PayeeListView: Encodable {
    var bankRegistered: [Payee]
    var customerRegistered: [Payee]

    enum CodingKeys: String, CodingKey {
        case bankRegistered = "bank_registered", customerRegistered = "customer_registered"
    }

    struct Payee: Encodable {
        var id: Int64
        var kind: String
        var bankCode: String
        var bankName: String
        var branchCode: String
        var branchName: String
        var accountType: String
        var accountTypeLabel: String
        var accountNumber: String
        var holderName: String
        var createdAt: Date
        var createdBy: String

        init(_ payee: PayeeView) {
            let record = payee.record
            id = record.id; kind = record.kind.rawValue; bankCode = record.bankCode; bankName = payee.bankName
            branchCode = record.branchCode; branchName = payee.branchName; accountType = record.accountType.rawValue
            accountTypeLabel = Language.ja.text(record.accountType.labelKey); accountNumber = record.accountNumber
            holderName = record.holderName; createdAt = record.createdAt; createdBy = record.createdBy
        }

        enum CodingKeys: String, CodingKey {
            case id, kind, bankCode = "bank_code", bankName = "bank_name", branchCode = "branch_code", branchName = "branch_name"
            case accountType = "account_type", accountTypeLabel = "account_type_label", accountNumber = "account_number"
            case holderName = "holder_name", createdAt = "created_at", createdBy = "created_by"
        }

        var line: String {
            "#\(id) \(bankCode) \(bankName) \(branchCode) \(branchName) \(accountTypeLabel) \(accountNumber)  \(holderName)  登録 \(JapanTime.isoDateTime(createdAt)) \(createdBy)"
        }
    }
}
