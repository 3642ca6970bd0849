import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import HTTPTypes
import Testing

/// What the payee and transfer API tests share: a second customer to pay (鈴木, in this bank),
/// the demo bank directory (for 他行), quotes and transfers over the API, and the money checks.
extension APISite {
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!

    /// 鈴木 with an ordinary account at 本店 and a savings account at 吉田支店, and the demo directory.
    func openPayee() async throws -> SeededCustomer {
        _ = try await bank.directory.importCSV(BankDirectoryCSV.demo, by: .operator(name: "test"))
        return try await SeededCustomer.create(bank, loginID: "suzuki01", nameKanji: "鈴木 一郎", nameKana: "ｽｽﾞｷ ｲﾁﾛｳ", deposit: "0")
    }

    /// POST /transfer-quotes with `destination` as given.
    func quote(_ token: String, destination: [String: any Sendable], amount: Int = 10_000, from source: Int64? = nil,
               extra: [String: any Sendable] = [:]) async throws -> APIResponse {
        var body: [String: any Sendable] = ["sourceAccountId": source ?? customer.ordinary.id, "destination": destination,
                                            "amount": amount]
        for (key, value) in extra { body[key] = value }
        return try await call(.post, "/api/v1/transfer-quotes", token: token, json: jsonText(body))
    }

    /// A quote that must be granted: its id.
    func quoteID(_ token: String, destination: [String: any Sendable], amount: Int = 10_000,
                 sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let response = try await quote(token, destination: destination, amount: amount)
        #expect(response.status == .created, "\(response.body)", sourceLocation: sourceLocation)
        return try #require(response.json["quoteId"] as? String, sourceLocation: sourceLocation)
    }

    /// POST /transfers under `key` (none: no header).
    func transfer(_ token: String, quoteID: String, key: String? = UUID().uuidString,
                  password: String = APISite.confirmation, extra: [String: any Sendable] = [:]) async throws -> APIResponse {
        var body: [String: any Sendable] = ["quoteId": quoteID, "confirmationPassword": password]
        for (name, value) in extra { body[name] = value }
        var headers: HTTPFields = [:]
        if let key { headers[Self.idempotencyKey] = key }
        return try await call(.post, "/api/v1/transfers", token: token, json: jsonText(body), headers: headers)
    }

    /// The account typed by hand, as the request names it.
    static func typed(_ account: AccountRecord, holderName: String = "") -> [String: any Sendable] {
        ["bankCode": "2999", "branchCode": account.branchCode, "accountType": account.accountType.rawValue,
         "accountNumber": account.accountNumber, "holderName": holderName]
    }

    /// 架空サンプル銀行 本店営業部 in the demo directory.
    static let otherBank: [String: any Sendable] = ["bankCode": "0998", "branchCode": "100", "accountType": "ordinary",
                                                    "accountNumber": "7654321", "holderName": "ｶｸｳ ｼﾞﾛｳ"]

    func transferCount() async throws -> Int {
        try await bank.database.read { db in try await TransferRecords.list(db, limit: 100_000).count }
    }

    func credential(_ credential: Credential) async throws -> CredentialState {
        try await credentialState(customerID: customer.customer.id, credential)
    }

    func turnOnMailPassword(_ token: String) async throws {
        _ = try await bank.mailPassword.changeSetting(by: .customer(id: customer.customer.id), use: true,
                                                      address: "tanaka01@example.jp", confirmationPassword: Self.confirmation,
                                                      session: [.loginPassword], client: .commandLine)
    }

    func expectLedgerConsistent(sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let verification = try await bank.ledger.verify()
        #expect(verification.isConsistent, "ledger: \(verification)", sourceLocation: sourceLocation)
        #expect(verification.sumOfAllEntries == 0, sourceLocation: sourceLocation)
        #expect(verification.negativeBalances.isEmpty, sourceLocation: sourceLocation)
    }
}
