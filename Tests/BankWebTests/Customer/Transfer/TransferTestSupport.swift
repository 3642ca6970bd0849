import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import HTTPTypes
import Logging
import SQLKit
import Testing

/// A second customer of this bank, the one money is sent to: 鈴木 一郎 with an ordinary
/// account at 本店 (001). The seeded customer (田中 花子) has 普通 at 本店 with 100,000円
/// and 貯蓄 at 吉田支店 (002).
enum Payee {
    static let loginID = "suzuki02"
    static let nameKana = "ｽｽﾞｷ ｲﾁﾛｳ"
    static let loginPassword = "SuzukiLogin1"
    static let confirmationPassword = "SuzukiConfirm2"
}

/// A site for the transfer screens: the demo bank/branch master (架空サンプル銀行 0998 and
/// the others) imported, and the payee customer opened.
func withTransferSite(_ engine: DatabaseEngine = .sqlite, logger: Logger = TestDatabases.logger,
                      _ body: @Sendable (Site) async throws -> Void) async throws {
    try await withSite(engine, logger: logger, before: { bank, _ in
        _ = try await bank.directory.importCSV(BankDirectoryCSV.demo, by: .operator(name: "test"))
        _ = try await SeededCustomer.enrol(bank, loginID: Payee.loginID, nameKanji: "鈴木 一郎", nameKana: Payee.nameKana,
                                           loginPassword: Payee.loginPassword, confirmationPassword: Payee.confirmationPassword)
        _ = try await bank.counter.openAccount(loginID: Payee.loginID, branch: "001", type: .ordinary, by: .operator(name: "test"))
    }, body)
}

// MARK: reading the database

extension Site {
    var customerID: Int64 { customer.customer.id }

    /// The payee customer's ordinary account.
    func payeeAccount() async throws -> AccountRecord {
        try await bank.database.read { db in
            let customer = try #require(try await CustomerRecords.find(db, loginID: Payee.loginID))
            return try #require(try await AccountRecords.forCustomer(db, customerID: customer.id).first)
        }
    }

    /// The seeded customer's transfers, newest first.
    func transfers() async throws -> [TransferRecord] {
        try await bank.database.read { db in try await TransferRecords.list(db, customerID: customerID) }
    }

    /// 確認画面 rows written (each one a prepared, not necessarily executed, transfer).
    func confirmationCount() async throws -> Int {
        try await bank.database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM transfer_confirmations").first()?.decode(column: "n", as: Int.self) ?? -1
        }
    }

    /// Every mail queued so far, of any kind.
    func mailCount() async throws -> Int {
        try await bank.database.read { db in try await OutboxRecords.list(db, limit: 500) }.count
    }

    func payeeRecords(_ kind: PayeeKind) async throws -> [PayeeRecord] {
        try await bank.database.read { db in try await PayeeRecords.list(db, customerID: customerID, kind: kind) }
    }

    func mailPasswordRecord() async throws -> MailPasswordRecord? {
        try await bank.database.read { db in try await MailPasswordRecords.find(db, customerID: customerID) }
    }

    /// The seeded customer's state of one credential.
    func credentialState(_ credential: Credential) async throws -> CredentialState {
        try await credentialState(customerID: customerID, credential)
    }

    /// A 利用者登録 payee straight into the store (the screens' own tests add them by form).
    @discardableResult
    func storePayee(_ kind: PayeeKind, bankCode: String = "2999", branchCode: String, number: String,
                    holderName: String) async throws -> PayeeRecord {
        try await bank.database.transaction { db in
            try #require(try await PayeeRecords.insert(db, customerID: customerID, NewPayee(
                kind: kind, bankCode: bankCode, branchCode: branchCode, accountType: .ordinary, accountNumber: number,
                holderName: holderName), createdBy: "test", at: clock.now()))
        }
    }

    /// The payee customer's account as a 利用者登録 payee of the seeded customer.
    func payeeCustomerAsPayee(_ kind: PayeeKind = .customer) async throws -> PayeeRecord {
        let target = try await payeeAccount()
        if kind == .bank {
            let registered = try await bank.counter.registerBankPayee(loginID: Site.loginID, PayeeForm(
                bankCode: "2999", branchCode: target.branchCode, accountType: "ordinary", accountNumber: target.accountNumber,
                holderName: ""), by: .operator(name: "test"))
            return try #require(try await bank.database.read { db in try await PayeeRecords.find(db, id: registered.record.id) })
        }
        return try await storePayee(kind, branchCode: target.branchCode, number: target.accountNumber, holderName: target.holderName)
    }
}

// MARK: driving the screens

extension Site {
    /// 振込・振替 screen: pick the 支払口座 and a destination (`own:ID`, `customer:ID`,
    /// `bank:ID`), then 次へ (or `action: "other"` for 他口座への振込・振替).
    @discardableResult
    func select(_ browser: Browser, source: Int64? = nil, destination: String? = nil,
                action: String = "next") async throws -> WebResponse {
        let page = try await browser.get("/transfer")
        #expect(page.status == .ok)
        var form = [("_csrf", try #require(page.csrf)), ("source", String(source ?? customer.ordinary.id))]
        if let destination { form.append(("destination", destination)) }
        form.append(("action", action))
        return try await browser.post("/transfer/select", form: form)
    }

    /// The amount screen's form, submitted with `amount`: the answer is a redirect to the 確認画面.
    @discardableResult
    func submitAmount(_ browser: Browser, on amountPage: WebResponse, amount: String) async throws -> WebResponse {
        let hidden = amountPage.hiddenFields(action: "/transfer/confirm")
        #expect(hidden.contains { $0.0 == "_csrf" }, "the amount screen posts to /transfer/confirm")
        return try await browser.post("/transfer/confirm", form: hidden + [("amount", amount)])
    }

    /// Select → amount → 確認画面: the nonce of the confirmation, and the 確認画面 itself.
    func prepare(_ browser: Browser, source: Int64? = nil, destination: String,
                 amount: String) async throws -> (nonce: String, page: WebResponse) {
        let selected = try await select(browser, source: source, destination: destination)
        let location = try #require(selected.location, "select answers with a redirect (\(selected.status))")
        let amountPage = try await browser.get(location)
        #expect(amountPage.status == .ok)
        let confirmed = try await submitAmount(browser, on: amountPage, amount: amount)
        let nonce = try #require(confirmed.confirmationNonce, "confirm answers with the 確認画面 (\(confirmed.status))")
        let page = try await browser.get(try #require(confirmed.location))
        #expect(page.status == .ok)
        return (nonce, page)
    }

    /// 実行 on the 確認画面.
    @discardableResult
    func execute(_ browser: Browser, nonce: String, confirmation: String = SeededCustomer.confirmationPassword,
                 mailPassword: String? = nil, headers: HTTPFields = [:]) async throws -> WebResponse {
        var form = [("_csrf", try await browser.sessionToken()), ("nonce", nonce), ("confirmation_password", confirmation)]
        if let mailPassword { form.append(("mail_password", mailPassword)) }
        return try await browser.post("/transfer/execute", form: form, headers: headers)
    }

    /// 他口座への振込・振替 form, typed and submitted.
    @discardableResult
    func submitOther(_ browser: Browser, source: Int64? = nil, bankCode: String, branchCode: String,
                     accountType: String = "ordinary", accountNumber: String, holderName: String) async throws -> WebResponse {
        let form = try await browser.get("/transfer/other?source=\(source ?? customer.ordinary.id)")
        #expect(form.status == .ok)
        return try await browser.post("/transfer/other", form: [
            ("_csrf", try #require(form.csrf)), ("source", String(source ?? customer.ordinary.id)),
            ("bank_code", bankCode), ("branch_code", branchCode), ("account_type", accountType),
            ("account_number", accountNumber), ("holder_name", holderName),
        ])
    }

    /// メール通知パスワード利用変更, submitted.
    @discardableResult
    func setMailPassword(_ browser: Browser, use: Bool, address: String = "tanaka01@example.jp",
                         confirmation: String = SeededCustomer.confirmationPassword) async throws -> WebResponse {
        let page = try await browser.get("/mail-password")
        #expect(page.status == .ok)
        return try await browser.post("/mail-password", form: [
            ("_csrf", try #require(page.csrf)), ("address", address), ("use", use ? "on" : "off"),
            ("confirmation_password", confirmation),
        ])
    }

    /// 振込・振替先の登録, submitted.
    @discardableResult
    func addPayee(_ browser: Browser, bankCode: String = "2999", branchCode: String, accountType: String = "ordinary",
                  accountNumber: String, holderName: String,
                  confirmation: String = SeededCustomer.confirmationPassword) async throws -> WebResponse {
        let page = try await browser.get("/payees/new")
        #expect(page.status == .ok)
        return try await browser.post("/payees/new", form: [
            ("_csrf", try #require(page.csrf)), ("bank_code", bankCode), ("branch_code", branchCode),
            ("account_type", accountType), ("account_number", accountNumber), ("holder_name", holderName),
            ("confirmation_password", confirmation),
        ])
    }
}
