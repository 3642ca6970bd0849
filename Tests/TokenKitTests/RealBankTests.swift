import BankCore
import BankServices
import BankTestSupport
import BankWeb
import Foundation
import Testing
@testable import TokenKit

/// The client and the app against the bank's own endpoint: BankWeb's router on a real
/// socket, a fresh SQLite bank, a token issued by BankServices as トークン発行 does.
/// How long the client waits for the in-process bank: generous, because under the whole suite
/// (two cores, hundreds of tests hashing passwords at once) a request can wait seconds for a
/// thread; these tests check what the bank answers, not how fast.
enum RealBank {
    static let timeout: TimeInterval = 60
}

@Suite("Against the real bank endpoint")
struct RealBankTests {
    static let activation = "2468"
    static let client = ClientInfo(ip: "127.0.0.1", userAgent: "TokenKitTests")

    struct Fixture: Sendable {
        let bank: Bank
        let clock: ManualClock
        let customer: SeededCustomer
        let userID: String
        let address: String
    }

    func withRealBank(lockoutLimit: Int = 5, clock: ManualClock = ManualClock(),
                      _ body: @Sendable (Fixture) async throws -> Void) async throws {
        let keys = try SecretKeyRing.parse("tk1:" + Data(repeating: 9, count: 32).base64EncodedString())
        let settings = BankSettings(lockout: LockoutPolicy(limit: lockoutLimit), secretKeys: keys)
        try await TestDatabases.withBank(.sqlite, clock: clock, settings: settings) { bank in
            let customer = try await SeededCustomer.create(bank)
            let issued = try await Self.issue(bank, customer)
            let site = CustomerSite(bank: bank, settings: WebSettings(), renderer: try await PageRenderer.load())
            try await LiveServer.with(BankApplication.router(site: site)) { address in
                try await body(Fixture(bank: bank, clock: clock, customer: customer, userID: issued.userID, address: address))
            }
        }
    }

    /// トークン発行 for the seeded customer, as the web page does.
    static func issue(_ bank: Bank, _ customer: SeededCustomer) async throws -> IssuedToken {
        try await bank.otp.issueToken(by: .customer(id: customer.customer.id), mobileEmail: "hanako.mobile@example.jp",
                                  activationPassword: activation, confirmationPassword: SeededCustomer.confirmationPassword,
                                  session: [.loginPassword], client: client)
    }

    @Test("set-up, storage and activation: the bank accepts the app's code")
    func endToEnd() async throws {
        let box = try Sandbox()
        try await withRealBank { f in
            let client = ProvisioningClient(server: try BankServer(f.address), timeout: RealBank.timeout)
            let wrong = await #expect(throws: ProvisioningError.self) {
                try await client.provision(serviceID: "KYOEI-IB", userID: f.userID, activationPassword: "1357")
            }
            guard case .invalidCredentials(let refusal)? = wrong else { Issue.record("got \(String(describing: wrong))"); return }
            #expect(refusal.status == 401 && refusal.error == "invalid_credentials")
            #expect(!refusal.message.isEmpty && !refusal.messageEN.isEmpty)

            let token = try await client.provision(serviceID: " kyoei-ib ", userID: f.userID, activationPassword: "２４６８")
            #expect(token.serviceID == "KYOEI-IB")
            #expect(token.userID == f.userID)
            #expect(token.parameters == .bank)
            #expect(token.secret.count == 20)

            let file = box.file()
            try file.save(token, server: f.address, at: f.clock.now())
            let stored = try file.load()
            let code = TokenDisplay.code(for: stored.token, at: f.clock.now())
            try await f.bank.otp.activateToken(by: .customer(id: f.customer.customer.id), code: code, sessionCookie: nil, client: Self.client)
            #expect(try await f.bank.otp.factorOverview(by: .customer(id: f.customer.customer.id)).state == .otpActive)

            let again = await #expect(throws: ProvisioningError.self) {
                try await client.provision(serviceID: "KYOEI-IB", userID: f.userID, activationPassword: Self.activation)
            }
            guard case .tokenUnavailable(let gone)? = again else { Issue.record("got \(String(describing: again))"); return }
            #expect(gone.status == 410 && gone.error == "token_unavailable")
        }
    }

    @Test("the last allowed wrong password voids the token (423), after which it is gone (410)")
    func voided() async throws {
        try await withRealBank(lockoutLimit: 2) { f in
            let client = ProvisioningClient(server: try BankServer(f.address), timeout: RealBank.timeout)
            await #expect(throws: ProvisioningError.self) {
                try await client.provision(serviceID: "KYOEI-IB", userID: f.userID, activationPassword: "1111")
            }
            let last = await #expect(throws: ProvisioningError.self) {
                try await client.provision(serviceID: "KYOEI-IB", userID: f.userID, activationPassword: "1111")
            }
            guard case .tokenVoid(let refusal)? = last else { Issue.record("got \(String(describing: last))"); return }
            #expect(refusal.status == 423 && refusal.error == "token_void")
            let after = await #expect(throws: ProvisioningError.self) {
                try await client.provision(serviceID: "KYOEI-IB", userID: f.userID, activationPassword: Self.activation)
            }
            #expect(after?.refusal?.status == 410)
        }
    }

    @Test("an unknown user ID gets the same 401 as a wrong password")
    func unknownUser() async throws {
        try await withRealBank { f in
            let client = ProvisioningClient(server: try BankServer(f.address), timeout: RealBank.timeout)
            let unknown = f.userID == "1234567890" ? "1234567891" : "1234567890"
            let error = await #expect(throws: ProvisioningError.self) {
                try await client.provision(serviceID: "KYOEI-IB", userID: unknown, activationPassword: Self.activation)
            }
            #expect(error?.refusal?.status == 401)
        }
    }

    @Test("the executable sets up against the bank; the bank accepts the code it prints")
    func executable() async throws {
        let box = try Sandbox()
        try await withRealBank(clock: ManualClock(Date())) { f in
            let answers = "はい\nKYOEI-IB\n\(f.userID)\n\(Self.activation)\n"
            let setUp = try await TokenAppProcess.run(["--server", f.address, "--dir", box.tokenDir], input: answers, home: box.root)
            #expect(setUp.status == 0, "\(setUp.stderr)")
            #expect(setUp.stdout.contains("初期設定が完了しました"))
            let code = try await TokenAppProcess.run(["code", "--dir", box.tokenDir], home: box.root)
            f.clock.set(Date())
            try await f.bank.otp.activateToken(by: .customer(id: f.customer.customer.id), code: code.stdout.trimmingCharacters(in: .newlines),
                                           sessionCookie: nil, client: Self.client)
            #expect(try await f.bank.otp.factorOverview(by: .customer(id: f.customer.customer.id)).state == .otpActive)
        }
    }
}
