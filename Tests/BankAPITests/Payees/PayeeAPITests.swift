import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import HTTPTypes
import Testing

/// GET/POST /api/v1/payees and DELETE /payees/{id}: the 振込・振替先 pages' use cases, with the
/// same 確認用パスワード counter (a guess here counts toward the web's lock).
@Suite struct PayeeAPITests {
    @Test(arguments: TestDatabases.engines)
    func registerListAndDeleteWithTheConfirmationPassword(_ engine: DatabaseEngine) async throws {
        try await withAPI(engine) { site in
            let suzuki = try await site.openPayee()
            let token = try await site.logIn()
            var body = APISite.typed(suzuki.savings)
            body["confirmationPassword"] = APISite.confirmation
            let created = try await site.call(.post, "/api/v1/payees", token: token, json: jsonText(body))
            #expect(created.status == .created, "\(created.body)")
            #expect(created.json["kind"] as? String == "customer")
            #expect(created.json["holderName"] as? String == suzuki.savings.holderName, "the ledger's holder name")
            #expect(created.json["branchCode"] as? String == "002")
            #expect((created.json["bankName"] as? String)?.isEmpty == false)
            let id = try #require(created.json["id"] as? Int)
            #expect(try await site.outbox(kind: "payee_added").count == 1, "the PC address is told")

            let listed = try await site.call(.get, "/api/v1/payees", token: token)
            #expect(listed.status == .ok)
            let own = try #require(listed.json["customerRegistered"] as? [[String: any Sendable]])
            #expect(own.map { $0["id"] as? Int } == [id])
            #expect((listed.json["bankRegistered"] as? [Any])?.isEmpty == true)

            let wrong = try await site.call(.delete, "/api/v1/payees/\(id)", token: token,
                                            json: jsonText(["confirmationPassword": "not-it"]))
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.problem == "confirmation_password.wrong")
            #expect(try await site.credential(.confirmationPassword).failures == 1, "counted like the page's")
            #expect(try await site.call(.get, "/api/v1/payees", token: token).body == listed.body, "still there")

            let deleted = try await site.call(.delete, "/api/v1/payees/\(id)", token: token,
                                              json: jsonText(["confirmationPassword": APISite.confirmation]))
            #expect(deleted.status == .noContent, "\(deleted.body)")
            #expect(try await site.credential(.confirmationPassword).failures == 0, "a right one clears the count")
            let empty = try await site.call(.get, "/api/v1/payees", token: token)
            #expect((empty.json["customerRegistered"] as? [Any])?.isEmpty == true)
            let again = try await site.call(.delete, "/api/v1/payees/\(id)", token: token,
                                            json: jsonText(["confirmationPassword": APISite.confirmation]))
            #expect(again.status == .notFound && again.problem == "payee.not_found")
            #expect(try await site.apiAudit(event: "payee_added").count == 1)
            #expect(try await site.apiAudit(event: "payee_deleted").count == 1)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func refusalsNameTheFieldAndWriteNothing(_ engine: DatabaseEngine) async throws {
        try await withAPI(engine) { site in
            let suzuki = try await site.openPayee()
            let token = try await site.logIn()
            var body = APISite.typed(suzuki.savings)
            body["branchCode"] = "12x"
            body["confirmationPassword"] = APISite.confirmation
            let bad = try await site.call(.post, "/api/v1/payees", token: token, json: jsonText(body))
            #expect(bad.status == .unprocessableContent)
            #expect(bad.fieldErrors.keys.contains("branchCode"), "\(bad.body)")

            body = APISite.typed(suzuki.savings, holderName: "ﾍﾞﾂﾉ ﾋﾄ")
            body["confirmationPassword"] = APISite.confirmation
            let otherName = try await site.call(.post, "/api/v1/payees", token: token, json: jsonText(body))
            #expect(otherName.status == .unprocessableContent)
            #expect(otherName.fieldErrors["holderName"] == "error.holder_name.not_account_holder")

            body = APISite.typed(suzuki.savings)
            body["confirmationPassword"] = ""
            let empty = try await site.call(.post, "/api/v1/payees", token: token, json: jsonText(body))
            #expect(empty.status == .unprocessableContent)
            #expect(empty.fieldErrors.keys.contains("confirmationPassword"), "\(empty.body)")
            #expect(try await site.outbox(kind: "payee_added").isEmpty)
            let listed = try await site.call(.get, "/api/v1/payees", token: token)
            #expect((listed.json["customerRegistered"] as? [Any])?.isEmpty == true, "nothing registered")

            #expect(try await site.call(.get, "/api/v1/payees").status == .unauthorized)
            let unknown = try await site.call(.delete, "/api/v1/payees/999999", token: token,
                                              json: jsonText(["confirmationPassword": APISite.confirmation]))
            #expect(unknown.status == .notFound)
        }
    }

    /// Wrong 確認用パスワード over the API lock it for the pages too, at the same limit.
    @Test(arguments: TestDatabases.engines)
    func wrongPasswordsLockTheSameCounterAsThePages(_ engine: DatabaseEngine) async throws {
        try await withAPI(engine, lockoutLimit: 3) { site in
            let suzuki = try await site.openPayee()
            let token = try await site.logIn()
            var body = APISite.typed(suzuki.savings)
            body["confirmationPassword"] = "wrong-one"
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<3 { statuses.append(try await site.call(.post, "/api/v1/payees", token: token, json: jsonText(body)).status) }
            #expect(statuses == [.unprocessableContent, .unprocessableContent, .forbidden])
            #expect(try await site.credential(.confirmationPassword).isLocked)
            body["confirmationPassword"] = APISite.confirmation
            let locked = try await site.call(.post, "/api/v1/payees", token: token, json: jsonText(body))
            #expect(locked.status == .forbidden && locked.problem == "locked.confirmation_password", "\(locked.body)")
            // The page's use case sees the same lock.
            await #expect(throws: BankError.credentialLocked(.confirmationPassword)) {
                try await site.bank.payees.add(by: .customer(id: site.customer.customer.id),
                                               PayeeForm(bankCode: "2999", branchCode: "002", accountType: "savings",
                                                         accountNumber: suzuki.savings.accountNumber, holderName: ""),
                                               confirmationPassword: APISite.confirmation, session: [.loginPassword],
                                               client: .commandLine)
            }
        }
    }
}
