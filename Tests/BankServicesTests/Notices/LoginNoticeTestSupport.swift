import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation

/// What the notice tests share: a browser's cookie value, a login from it, the rows written.
enum Notice {
    static let chrome = ClientInfo(ip: "198.51.100.7",
                                   userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36")
    /// Two browsers' cookie values (64 hex digits, as the site issues them).
    static let browserA = String(repeating: "a1", count: 32)
    static let browserB = String(repeating: "b2", count: 32)

    @discardableResult
    static func login(_ world: TransferWorld, browser: String? = browserA, client: ClientInfo = chrome,
                      password: String = SeededCustomer.loginPassword, loginID: String = "tanaka01") async throws -> LoginOutcome {
        try await world.bank.login.checkPassword(loginID: loginID, password: password, client: client, browser: browser)
    }

    static func mails(_ world: TransferWorld) async throws -> [OutboxMail] {
        try await world.outbox(kind: "login_notice")
    }

    /// The customer's `login_notices` rows, newest first.
    static func rows(_ world: TransferWorld) async throws -> [LoginNoticeRecord] {
        try await world.bank.database.read { db in try await LoginNoticeRecords.list(db, customerID: world.payer.id, limit: 100) }
    }

    static func turn(_ world: TransferWorld, _ on: Bool?, password: String = SeededCustomer.confirmationPassword) async throws {
        try await world.bank.notices.setLoginNotice(by: .customer(id: world.payer.id), enabled: on, confirmationPassword: password,
                                                    session: [.loginPassword], client: chrome)
    }
}
