import ArgumentParser
import BankCore
import BankServices
import BankStore
import Foundation

struct CustomerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "customer", abstract: "Customers: create, list, show.",
                                                    subcommands: [CreateCustomer.self, ListCustomers.self, ShowCustomer.self])
}

struct CreateCustomer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Open a customer. Reads the login password and the confirmation password from standard input, one per line, or generates both with --generate-passwords and prints them once.")
    @OptionGroup var options: AdminOptions
    @Option(name: .customLong("login-id"), help: "ログインID") var loginID: String
    @Option(name: .customLong("name-kanji"), help: "漢字氏名") var nameKanji: String
    @Option(name: .customLong("name-kana"), help: "カナ氏名") var nameKana: String
    @Option(name: .customLong("pc-email"), help: "登録メールアドレス (PC)") var pcEmail: String
    @Option(name: .customLong("mobile-email"), help: "携帯メールアドレス (optional)") var mobileEmail: String?
    @Flag(name: .customLong("generate-passwords"), help: "Generate both passwords and print them once.") var generate = false

    struct Created: Codable {
        var customer: CustomerOutput
        var generatedPasswords: GeneratedPasswords?
    }
    struct GeneratedPasswords: Codable {
        var loginPassword: String
        var confirmationPassword: String
    }

    func run() async throws {
        let loginPassword: String, confirmationPassword: String
        if generate {
            let random = SystemRandomSource()
            loginPassword = CredentialPolicy.generatePassword(random: random)
            confirmationPassword = CredentialPolicy.generatePassword(random: random)
        } else {
            guard let first = PasswordInput.read(prompt: "ログインパスワード (login password)"),
                  let second = PasswordInput.read(prompt: "確認用パスワード (confirmation password)") else {
                throw options.usageError(field: "password", ja: "パスワードを標準入力から1行ずつ入力してください",
                                         en: "give both passwords on standard input, one per line (or use --generate-passwords)")
            }
            loginPassword = first
            confirmationPassword = second
        }
        let application = CustomerApplication(loginID: loginID, nameKanji: nameKanji, nameKana: nameKana, pcEmail: pcEmail,
                                              mobileEmail: mobileEmail, loginPassword: loginPassword,
                                              confirmationPassword: confirmationPassword)
        let customer = try await options.perform { bank in try await bank.counter.createCustomer(application, by: .operator(name: options.staffName)) }
        let generated = generate ? GeneratedPasswords(loginPassword: loginPassword, confirmationPassword: confirmationPassword) : nil
        var text = "お客様を登録しました (customer created): \(CustomerOutput(customer).line)"
        if let generated {
            text += "\n  ログインパスワード (login password): \(generated.loginPassword)\n  確認用パスワード (confirmation password): \(generated.confirmationPassword)\n  (これらは二度と表示されません / shown this once only)"
        }
        Output.emit(json: options.json, value: Created(customer: CustomerOutput(customer), generatedPasswords: generated), text: text)
    }
}

struct ListCustomers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List customers.")
    @OptionGroup var options: AdminOptions

    func run() async throws {
        let customers = try await options.perform { bank in try await bank.counter.customers() }.map(CustomerOutput.init)
        Output.emit(json: options.json, value: customers, text: customers.isEmpty ? "(no customers)" : customers.map(\.line).joined(separator: "\n"))
    }
}

struct ShowCustomer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One customer with accounts and credential locks.")
    @OptionGroup var options: AdminOptions
    @Option(name: .customLong("login-id")) var loginID: String

    struct Details: Codable {
        var customer: CustomerOutput
        var accounts: [AccountOutput]
        var credentials: [CredentialOutput]
    }

    /// One credential's counter as scripts read it (the keys `credential`, `failures`, `lockedAt`).
    struct CredentialOutput: Codable {
        var credential: Credential
        var failures: Int
        var lockedAt: Date?

        init(_ state: CredentialStateView) {
            credential = state.credential; failures = state.failures; lockedAt = state.lockedAt
        }
    }

    func run() async throws {
        let (customer, credentials) = try await options.perform { bank in
            let customer = try await bank.counter.customer(loginID: loginID)
            return (customer, try await bank.counter.credentialStates(customerID: customer.id))
        }
        let details = Details(customer: CustomerOutput(customer), accounts: customer.accounts.map(AccountOutput.init),
                              credentials: credentials.map(CredentialOutput.init))
        var lines = [details.customer.line]
        lines += details.accounts.map { "  " + $0.line }
        lines += credentials.map { "  \($0.credential.rawValue): failures=\($0.failures)\($0.isLocked ? " LOCKED" : "")" }
        Output.emit(json: options.json, value: details, text: lines.joined(separator: "\n"))
    }
}
