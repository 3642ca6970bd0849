import BankCore
import BankServices
import BankTestSupport
import BankWeb
import Foundation
import Testing
@testable import TokenKit

/// Whether a stored token still stands (`POST /api/v1/token/status`), asked of the real bank
/// endpoint over a socket: live after set-up, ended once the bank ends it, unknown to anyone
/// without the secret; and the app that says so and offers to set up again.
@Suite("Token standing against the real bank")
struct TokenStandingTests {
    static let activation = RealBankTests.activation
    static let client = RealBankTests.client
    typealias Fixture = RealBankTests.Fixture

    /// The same real bank on a socket as RealBankTests.
    func withRealBank(clock: ManualClock = ManualClock(), _ body: @Sendable (Fixture) async throws -> Void) async throws {
        try await RealBankTests().withRealBank(clock: clock, body)
    }

    static func issue(_ bank: Bank, _ customer: SeededCustomer) async throws -> IssuedToken {
        try await RealBankTests.issue(bank, customer)
    }

    @Test("live after set-up and activation, ended after the bank's reset; a new token is live")
    func liveThenEnded() async throws {
        try await withRealBank { f in
            let client = ProvisioningClient(server: try BankServer(f.address), timeout: RealBank.timeout)
            let token = try await client.provision(serviceID: "KYOEI-IB", userID: f.userID, activationPassword: Self.activation)
            #expect(try await client.standing(of: token, at: f.clock.now()) == .live, "set up, 利用開始 still owed")
            try await f.bank.otp.activateToken(by: .customer(id: f.customer.customer.id), code: TokenDisplay.code(for: token, at: f.clock.now()),
                                           sessionCookie: nil, client: Self.client)
            #expect(try await client.standing(of: token, at: f.clock.now()) == .live)

            _ = try await f.bank.otp.resetToken(loginID: "tanaka01", reason: "携帯電話紛失", by: .operator(name: "test"))
            #expect(try await client.standing(of: token, at: f.clock.now()) == .ended)
            #expect(try await client.standing(of: token, at: f.clock.now()).isDead)

            let renewed = try await Self.issue(f.bank, f.customer)
            let newToken = try await client.provision(serviceID: "KYOEI-IB", userID: renewed.userID, activationPassword: Self.activation)
            #expect(try await client.standing(of: newToken, at: f.clock.now()) == .live)
            #expect(try await client.standing(of: token, at: f.clock.now()) == .ended, "the old one stays ended")
        }
    }

    @Test("without the secret every answer is unknown: a guessed secret, another user ID, an unprovisioned token")
    func revealsNothingWithoutTheSecret() async throws {
        try await withRealBank { f in
            let client = ProvisioningClient(server: try BankServer(f.address), timeout: RealBank.timeout)
            let guessed = ProvisionedToken(serviceID: "KYOEI-IB", userID: f.userID, issuer: "x",
                                           secret: Array(repeating: 7, count: 20), parameters: .bank)
            #expect(try await client.standing(of: guessed, at: f.clock.now()) == .unknown, "issued, not yet set up")
            let token = try await client.provision(serviceID: "KYOEI-IB", userID: f.userID, activationPassword: Self.activation)
            #expect(try await client.standing(of: guessed, at: f.clock.now()) == .unknown, "set up, but not this secret")
            let otherUser = f.userID == "1234567890" ? "1234567891" : "1234567890"
            let stranger = ProvisionedToken(serviceID: "KYOEI-IB", userID: otherUser, issuer: "x", secret: token.secret,
                                            parameters: .bank)
            #expect(try await client.standing(of: stranger, at: f.clock.now()) == .unknown)
            let otherService = ProvisionedToken(serviceID: "OTHER", userID: f.userID, issuer: "x", secret: token.secret,
                                                parameters: .bank)
            #expect(try await client.standing(of: otherService, at: f.clock.now()) == .unknown)
            // Asking changes nothing and counts nothing.
            #expect(try await f.bank.otp.factorOverview(by: .customer(id: f.customer.customer.id)).state == .otpPending(.provisioned))
        }
    }

    @Test("a clock far from the bank's is refused with the bank's time; a bank without the endpoint answers 404")
    func clockSkewAndOldBank() async throws {
        try await withRealBank { f in
            let client = ProvisioningClient(server: try BankServer(f.address), timeout: RealBank.timeout)
            let token = try await client.provision(serviceID: "KYOEI-IB", userID: f.userID, activationPassword: Self.activation)
            let skewed = await #expect(throws: ProvisioningError.self) {
                try await client.standing(of: token, at: f.clock.now().addingTimeInterval(301))
            }
            #expect(skewed?.refusal?.error == "clock_skew" && skewed?.refusal?.status == 400)
            #expect(try await client.standing(of: token, at: f.clock.now().addingTimeInterval(-299)) == .live)
        }
        try await LiveServer.with(StubBank().router()) { address in
            let token = ProvisionedToken(serviceID: "KYOEI-IB", userID: StubBank.userID, issuer: "x",
                                         secret: Array(repeating: 1, count: 20), parameters: .bank)
            let old = await #expect(throws: ProvisioningError.self) {
                try await ProvisioningClient(server: try BankServer(address), timeout: RealBank.timeout).standing(of: token)
            }
            #expect(old == .unexpectedStatus(404))
        }
    }

    @Test("the app says a re-issued token has ended and, on はい, deletes it and sets up the new one")
    func appOffersSetUpAgain() async throws {
        let box = try Sandbox()
        try await withRealBank(clock: ManualClock(Date())) { f in
            let setUp = try await TokenAppProcess.run(["--server", f.address, "--dir", box.tokenDir],
                                                      input: "はい\nKYOEI-IB\n\(f.userID)\n\(Self.activation)\n", home: box.root)
            #expect(setUp.status == 0, "\(setUp.stderr)")
            // Still live: straight to the code, no question.
            let again = try await TokenAppProcess.run(["--dir", box.tokenDir], home: box.root)
            #expect(again.status == 0 && again.stdout.contains("ワンタイムパスワード / One-time password:"))
            #expect(!again.stdout.contains("無効"))

            _ = try await f.bank.otp.resetToken(loginID: "tanaka01", reason: "携帯電話紛失", by: .operator(name: "test"))
            let renewed = try await Self.issue(f.bank, f.customer)

            // いいえ: the token is kept, and no dead code is shown.
            let declined = try await TokenAppProcess.run(["--dir", box.tokenDir], input: "いいえ\n", home: box.root)
            #expect(declined.status == 1)
            #expect(declined.stdout.contains("このトークンは銀行で無効になっています"))
            #expect(declined.stdout.contains("The bank has ended this token"))
            #expect(!declined.stdout.contains("ワンタイムパスワード / One-time password:"))
            #expect(FileManager.default.fileExists(atPath: box.tokenDir + "/token.json"))
            // --offline does not ask.
            let offline = try await TokenAppProcess.run(["--offline", "--dir", box.tokenDir], home: box.root)
            #expect(offline.status == 0 && !offline.stdout.contains("無効"))

            // はい: deleted, set up with the new user ID, and the new code shown.
            let answers = "はい\nはい\nKYOEI-IB\n\(renewed.userID)\n\(Self.activation)\n"
            let replaced = try await TokenAppProcess.run(["--dir", box.tokenDir], input: answers, home: box.root)
            #expect(replaced.status == 0, "\(replaced.stdout)\n\(replaced.stderr)")
            #expect(replaced.stdout.contains("トークンを削除しました"))
            #expect(replaced.stdout.contains("初期設定が完了しました"))
            #expect(replaced.stdout.contains("ワンタイムパスワード / One-time password:"))
            let status = try await TokenAppProcess.run(["status", "--json", "--dir", box.tokenDir], home: box.root)
            #expect(status.stdout.contains(#""user_id":"\#(renewed.userID)""#))
            let code = try await TokenAppProcess.run(["code", "--dir", box.tokenDir], home: box.root)
            f.clock.set(Date())
            try await f.bank.otp.activateToken(by: .customer(id: f.customer.customer.id), code: code.stdout.trimmingCharacters(in: .newlines),
                                           sessionCookie: nil, client: Self.client)
        }
    }
}
