import BankCore
import BankMail
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// Nothing secret is logged, at any level, nor written into an audit row: a whole day of the
/// bank runs with every logger (bank, database, HTTP) at `trace`, and then every secret that
/// crossed the wire is looked for in what was logged and in the audit table.
@Suite struct NothingSecretLoggedTests {
    /// 8 digits, so it cannot turn up by chance in a timestamp or an id.
    static let activation = "97531864"

    /// Secrets seen so far, by what they are (for the failure message).
    final class Secrets: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [(String, String)] = []
        private var codes: [(String, String)] = []

        func add(_ what: String, _ value: String?) {
            guard let value, !value.isEmpty else { return }
            lock.withLock { values.append((what, value)) }
        }

        /// A 6-digit code: looked for only as a number of its own, not inside a longer one.
        func addCode(_ what: String, _ code: String) { lock.withLock { codes.append((what, code)) } }

        func cookiesAndToken(_ browser: Browser, _ page: WebResponse? = nil) {
            for value in browser.cookieValues { add("cookie", value) }
            add("CSRF token", page?.csrf)
        }

        /// What of it appears in `text`.
        func found(in text: String) -> [String] {
            lock.withLock {
                values.filter { text.contains($0.1) }.map { "\($0.0) \($0.1)" }
                    + codes.filter { text.range(of: "(?<![0-9])\($0.1)(?![0-9])", options: .regularExpression) != nil }
                        .map { "\($0.0) \($0.1)" }
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aWholeDayAtTraceLogsNoSecret(engine: DatabaseEngine) async throws {
        let log = CapturedLog()
        let logger = log.logger(level: .trace)
        try await withTransferSite(engine, logger: logger) { site in
            let secrets = Secrets()
            for password in [SeededCustomer.loginPassword, SeededCustomer.confirmationPassword, Payee.loginPassword,
                             Payee.confirmationPassword, Site.staffPassword] { secrets.add("password", password) }
            secrets.add("activation password", Self.activation)

            // 田中: login, メール通知パスワード on, a transfer with both passwords.
            let tanaka = site.browser()
            secrets.cookiesAndToken(tanaka, try await tanaka.get("/login"))
            #expect(try await tanaka.logIn().location == "/menu")
            secrets.cookiesAndToken(tanaka, try await tanaka.get("/menu"))
            try await site.setMailPassword(tanaka, use: true)
            let payee = try await site.payeeCustomerAsPayee()
            let (nonce, confirmPage) = try await site.prepare(tanaka, destination: "customer:\(payee.id)", amount: "1000")
            secrets.cookiesAndToken(tanaka, confirmPage)
            let mailPassword = try await site.mailedPassword()
            secrets.add("mail password", mailPassword)
            let paid = try await site.execute(tanaka, nonce: nonce, mailPassword: mailPassword)
            #expect(paid.location?.hasPrefix("/transfer/done") == true, "the transfer went through: \(paid.status)")

            // 鈴木: トークン発行, the app's set-up, 利用開始, then a login with the OTP.
            let suzuki = site.browser()
            #expect(try await suzuki.logIn(Payee.loginID, Payee.loginPassword).location == "/menu")
            secrets.cookiesAndToken(suzuki, try await suzuki.get("/otp/issue"))
            let issued = try await site.issueToken(suzuki, mobile: "suzuki.mobile@example.jp", activation: Self.activation,
                                                   confirmation: Payee.confirmationPassword)
            #expect(issued.location == "/otp/issue/done")
            let token = try #require(try await Self.liveToken(site, loginID: Payee.loginID))
            let (status, json) = try await site.provision(userID: token.userID, activation: Self.activation)
            #expect(status == .ok)
            let base32 = try #require(json["secret"] as? String)
            let seed = try #require(Base32.decode(base32))
            secrets.add("token seed (base32)", base32)
            secrets.add("token seed (hex)", Hex.encode(seed))
            secrets.add("token seed (hex, upper case)", Hex.encode(seed).uppercased())
            let activationCode = site.code(seed)
            secrets.addCode("activation code", activationCode)
            #expect(try await site.activate(suzuki, code: activationCode).location == "/otp/activate/done")
            site.clock.advance(by: 60)
            let again = site.browser()
            #expect(try await again.logIn(Payee.loginID, Payee.loginPassword).location == "/login/otp")
            secrets.cookiesAndToken(again, try await again.get("/login/otp"))
            let loginCode = site.code(seed)
            secrets.addCode("OTP code", loginCode)
            #expect(try await site.submitLoginOTP(again, code: loginCode).location == "/menu")
            secrets.cookiesAndToken(again, try await again.get("/menu"))

            // 事務管理部: password and TOTP.
            let enrollment = try await site.enrollStaff()
            secrets.add("staff TOTP seed (base32)", enrollment.secretBase32)
            secrets.add("staff TOTP seed (hex)", Hex.encode(try #require(Base32.decode(enrollment.secretBase32))))
            let (staff, _) = try await site.staffBrowser(enrollment)
            secrets.addCode("staff code", try site.staffCode(enrollment))
            secrets.cookiesAndToken(staff, try await staff.get("/staff"))
            secrets.cookiesAndToken(staff, try await staff.get("/staff/customers/\(site.customerID)"))

            // The day's mail (the メール通知パスワード, the token's notices) goes out through a worker
            // logging at trace too.
            let maildir = try TemporaryDirectory()
            defer { maildir.remove() }
            let worker = MailDeliveryWorker(bank: site.bank, transport: MaildirTransport(directory: maildir.path, logger: logger),
                                            policy: MailRetryPolicy())
            #expect(try await worker.deliverDue().sent >= 3)

            let lines = log.lines
            #expect(lines.contains { $0.level == .debug }, "the loggers really ran below info")
            for line in lines {
                let leaked = secrets.found(in: line.message + " " + line.metadata)
                #expect(leaked.isEmpty, "logged at \(line.level): \(leaked) in \(line.message) \(line.metadata)")
            }
            let audit = try await TableDump.take(site.bank.database).tables["audit_events"] ?? []
            #expect(audit.count > 10, "the day was audited")
            for row in audit {
                let leaked = secrets.found(in: row)
                #expect(leaked.isEmpty, "audit row holds \(leaked): \(row)")
            }
        }
    }

    static func liveToken(_ site: Site, loginID: String) async throws -> OTPTokenRecord? {
        try await site.bank.database.read { db in
            guard let customer = try await CustomerRecords.find(db, loginID: loginID) else { return nil }
            return try await OTPTokenRecords.live(db, customerID: customer.id)
        }
    }
}
