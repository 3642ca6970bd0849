import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import SQLKit
import Testing

/// 口座開設 and 顧客新規登録 create once per form: the one-time token is claimed in the creating
/// transaction, so a second submission (after the first, or at the same instant) creates
/// nothing and gets the first result; another clerk's token or a garbled one is refused.
@Suite struct StaffFormTokenTests {
    static let client = StaffWorld.client
    static let badToken = BankError.invalidInput([FieldError(field: "form_token", messageKey: "error.counter.form_token_resend")])

    @Test(arguments: TestDatabases.engines)
    func accountOpenedOncePerForm(engine: DatabaseEngine) async throws {
        try await StaffWorld.with(engine) { world in
            let party = try await Party.open(world.bank, loginID: "tanaka01", kana: "ﾀﾅｶ ﾊﾅｺ")
            let (_, clerk) = try await world.logIn(try await world.enroll("clerk001", role: .operator))
            let bank = world.bank
            let token = bank.counter.newFormToken()
            let first = try await bank.counter.openAccount(customerID: party.id, branch: "002", type: "current", formToken: token,
                                                            by: .staff(clerk), client: Self.client)
            let again = try await bank.counter.openAccount(customerID: party.id, branch: "002", type: "current", formToken: token,
                                                            by: .staff(clerk), client: Self.client)
            #expect(again == first)
            #expect(try await bank.accounts.balances(by: .customer(id: party.id)).count == 3)
            #expect(try await world.audit(event: "account_opened").filter { $0.actor == "staff:clerk001" }.count == 1)

            let stored = try #require(try await Self.tokenRows(bank).first)
            #expect(stored.hash.count == 64 && stored.hash.allSatisfy(\.isHexDigit) && stored.hash != token, "only a hash is kept")
            #expect(stored.staffRowID == clerk.id && stored.purpose == "account_open" && stored.result == String(first.id))

            // The same form sent several times at once: one account, every answer names it.
            let racing = bank.counter.newFormToken()
            let answers = try await withThrowingTaskGroup(of: AccountView.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        try await bank.counter.openAccount(customerID: party.id, branch: "001", type: "savings", formToken: racing,
                                                            by: .staff(clerk), client: Self.client)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(Set(answers.map(\.id)).count == 1)
            #expect(try await bank.accounts.balances(by: .customer(id: party.id)).count == 4)
            #expect(try await Self.tokenRows(bank).count == 2)
        }
    }

    /// Another member of staff's token, a token of another customer's form, a token made for
    /// another kind of form and a garbled one are the form's error; nothing is opened.
    @Test(arguments: TestDatabases.engines)
    func accountTokenOfAnotherFormIsRefused(engine: DatabaseEngine) async throws {
        try await StaffWorld.with(engine) { world in
            let party = try await Party.open(world.bank, loginID: "tanaka01", kana: "ﾀﾅｶ ﾊﾅｺ")
            let other = try await Party.open(world.bank, loginID: "suzuki02", kana: "ｽｽﾞｷ ｲﾁﾛｳ")
            let (_, clerk) = try await world.logIn(try await world.enroll("clerk001", role: .operator))
            let (_, chief) = try await world.logIn(try await world.enroll("chief001", role: .supervisor))
            let bank = world.bank
            let token = bank.counter.newFormToken()
            _ = try await bank.counter.openAccount(customerID: party.id, branch: "001", type: "ordinary", formToken: token,
                                                    by: .staff(clerk), client: Self.client)
            let before = try await bank.counter.accounts(loginID: nil).count
            await #expect(throws: Self.badToken, "another member of staff's token") {
                _ = try await bank.counter.openAccount(customerID: party.id, branch: "001", type: "ordinary", formToken: token,
                                                        by: .staff(chief), client: Self.client)
            }
            await #expect(throws: Self.badToken, "the form of another customer") {
                _ = try await bank.counter.openAccount(customerID: other.id, branch: "001", type: "ordinary", formToken: token,
                                                        by: .staff(clerk), client: Self.client)
            }
            await #expect(throws: Self.badToken, "a token spent on 口座開設 is no 顧客新規登録 token") {
                _ = try await bank.counter.openCustomer(Self.form, formToken: token, by: .staff(clerk), client: Self.client)
            }
            for garbled in ["", "abc", String(repeating: "A", count: 32), String(repeating: "g", count: 32), token + "0"] {
                await #expect(throws: Self.badToken, "\(garbled)") {
                    _ = try await bank.counter.openAccount(customerID: party.id, branch: "001", type: "ordinary",
                                                            formToken: garbled, by: .staff(clerk), client: Self.client)
                }
            }
            #expect(try await bank.counter.accounts(loginID: nil).count == before)
            #expect(try await bank.counter.customers().count == 2)
            #expect(try await Self.tokenRows(bank).count == 1)
        }
    }

    static let form = CounterCustomerForm(loginID: "yamada01", nameKanji: "山田 花子", nameKana: "ﾔﾏﾀﾞ ﾊﾅｺ",
                                          pcEmail: "yamada@example.jp", firstAccountBranch: "001", firstAccountType: "ordinary")

    /// The second submission gets the customer and the accounts made with them, never the
    /// passwords (only their hashes exist), instead of "login ID taken".
    @Test(arguments: TestDatabases.engines)
    func customerCreatedOncePerForm(engine: DatabaseEngine) async throws {
        try await StaffWorld.with(engine) { world in
            let (_, clerk) = try await world.logIn(try await world.enroll("clerk001", role: .operator))
            let (_, chief) = try await world.logIn(try await world.enroll("chief001", role: .supervisor))
            let bank = world.bank
            let token = bank.counter.newFormToken()
            let first = try await bank.counter.openCustomer(Self.form, formToken: token, by: .staff(clerk), client: Self.client)
            #expect(!first.replayed && first.loginPassword != nil && first.confirmationPassword != nil)
            let again = try await bank.counter.openCustomer(Self.form, formToken: token, by: .staff(clerk), client: Self.client)
            #expect(again.replayed && again.loginPassword == nil && again.confirmationPassword == nil)
            #expect(again.customer == first.customer && again.accounts == first.accounts && again.accounts.count == 1)
            // An account opened later is not part of what the form made.
            world.clock.advance(by: 60)
            _ = try await bank.counter.openAccount(customerID: first.customer.id, branch: "002", type: "savings",
                                                    formToken: bank.counter.newFormToken(), by: .staff(clerk), client: Self.client)
            #expect(try await bank.counter.openCustomer(Self.form, formToken: token, by: .staff(clerk), client: Self.client).accounts
                        == first.accounts)
            #expect(try await bank.counter.customers().count == 1)
            #expect(try await world.audit(event: "customer_created").count == 1)

            await #expect(throws: Self.badToken, "another member of staff's token") {
                _ = try await bank.counter.openCustomer(Self.form, formToken: token, by: .staff(chief), client: Self.client)
            }
            await #expect(throws: Self.badToken) {
                _ = try await bank.counter.openCustomer(Self.form, formToken: "not-a-token", by: .staff(clerk), client: Self.client)
            }
            #expect(try await bank.counter.customers().count == 1)
        }
    }

    /// The same 顧客新規登録 sent several times at once: one customer, one answer with the
    /// passwords, the others the replayed customer.
    @Test(arguments: TestDatabases.engines)
    func customerFormSentConcurrentlyCreatesOne(engine: DatabaseEngine) async throws {
        try await StaffWorld.with(engine) { world in
            let (_, clerk) = try await world.logIn(try await world.enroll("clerk001", role: .operator))
            let bank = world.bank
            let token = bank.counter.newFormToken()
            let answers = try await withThrowingTaskGroup(of: CounterCustomerOpened.self) { group in
                for _ in 0..<4 {
                    group.addTask { try await bank.counter.openCustomer(Self.form, formToken: token, by: .staff(clerk), client: Self.client) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers.count == 4)
            #expect(Set(answers.map(\.customer.id)).count == 1)
            #expect(answers.filter { !$0.replayed }.count == 1)
            #expect(try await bank.counter.customers().count == 1)
            #expect(try await bank.counter.accounts(loginID: "yamada01").count == 1)
            #expect(try await world.audit(event: "customer_created").count == 1)
        }
    }

    struct TokenRow { var hash: String, staffRowID: Int64, purpose: String, result: String }

    static func tokenRows(_ bank: Bank) async throws -> [TokenRow] {
        try await bank.database.read { db in
            try await db.raw("SELECT token_hash, staff_id, purpose, result FROM staff_form_tokens ORDER BY created_at").all().map {
                TokenRow(hash: try $0.decode(column: "token_hash", as: String.self),
                         staffRowID: try $0.decode(column: "staff_id", as: Int64.self),
                         purpose: try $0.decode(column: "purpose", as: String.self),
                         result: try $0.decode(column: "result", as: String.self))
            }
        }
    }
}
