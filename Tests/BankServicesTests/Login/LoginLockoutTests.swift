import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

@Suite struct LoginLockoutTests {
    static let client = ClientInfo(ip: "192.0.2.7", userAgent: "LockoutTest")

    /// Many guesses at once cannot get past the limit: at most `limit` passwords are ever
    /// checked, and the right one sent after the lock is refused.
    @Test(arguments: TestDatabases.engines)
    func concurrentGuessesAreCappedAtTheLimit(engine: DatabaseEngine) async throws {
        try await TestDatabases.withBank(engine) { bank in
            let seeded = try await SeededCustomer.create(bank)
            let outcomes = try await withThrowingTaskGroup(of: LoginOutcome.self) { group in
                for n in 0..<20 {
                    group.addTask { try await bank.login.checkPassword(loginID: seeded.customer.loginID, password: "Wrong\(n)pass", client: Self.client) }
                }
                return try await group.reduce(into: [LoginOutcome]()) { $0.append($1) }
            }
            #expect(outcomes.count == 20)
            #expect(outcomes.filter { $0 == .invalidCredentials }.count == 4)
            #expect(outcomes.filter { $0 == .locked }.count == 16)
            let checked = try await bank.audit.trail(loginID: seeded.customer.loginID, limit: 100)
                .filter { $0.event == "login" && $0.detail.hasPrefix("wrong_password") }
            #expect(checked.count == 5, "exactly the limit of passwords was checked")
            #expect(try await bank.login.checkPassword(loginID: seeded.customer.loginID, password: SeededCustomer.loginPassword,
                                         client: Self.client) == .locked)
            _ = try await bank.counter.unlock(loginID: seeded.customer.loginID, credential: .loginPassword, by: .operator(name: "clerk"))
            guard case .success = try await bank.login.checkPassword(loginID: seeded.customer.loginID, password: SeededCustomer.loginPassword,
                                                        client: Self.client) else {
                Issue.record("login after unlock failed")
                return
            }
        }
    }

    /// The fifth attempt may still be the right password; a success clears the count.
    @Test func theLastAllowedAttemptCanSucceed() async throws {
        try await TestDatabases.withBank { bank in
            let seeded = try await SeededCustomer.create(bank)
            for _ in 0..<4 {
                #expect(try await bank.login.checkPassword(loginID: seeded.customer.loginID, password: "Wrong1pass", client: Self.client)
                        == .invalidCredentials)
            }
            guard case .success = try await bank.login.checkPassword(loginID: seeded.customer.loginID, password: SeededCustomer.loginPassword,
                                                        client: Self.client) else {
                Issue.record("the fifth attempt with the right password was refused")
                return
            }
            let state = try await bank.counter.credentialStates(customerID: seeded.customer.id).first { $0.credential == .loginPassword }
            #expect(state?.failures == 0 && state?.isLocked == false)
        }
    }

    /// An unknown login ID answers exactly like a real one, lock included.
    @Test func unknownIDsLockLikeRealOnes() async throws {
        try await TestDatabases.withBank { bank in
            var answers: [LoginOutcome] = []
            for _ in 0..<6 {
                answers.append(try await bank.login.checkPassword(loginID: "nobody99", password: "Whatever1", client: Self.client))
            }
            #expect(answers == [.invalidCredentials, .invalidCredentials, .invalidCredentials, .invalidCredentials, .locked, .locked])
        }
    }
}
