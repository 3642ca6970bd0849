import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import HTTPTypes
import Testing

/// GET /api/v1/accounts (残高照会) and /accounts/{id}/transactions (入出金明細照会): the pages'
/// use cases, integer yen, the 摘要 as the statement shows it, paged newest first.
@Suite struct AccountAPITests {
    @Test(arguments: TestDatabases.engines)
    func accountsWithBranchTypeNumberAndBalance(_ engine: DatabaseEngine) async throws {
        try await withAPI(engine) { site in
            let token = try await site.logIn()
            let response = try await site.call(.get, "/api/v1/accounts", token: token)
            #expect(response.status == .ok)
            let accounts = try #require(response.json["accounts"] as? [[String: any Sendable]])
            #expect(accounts.count == 2)
            let ordinary = try #require(accounts.first { $0["id"] as? Int == Int(site.customer.ordinary.id) })
            #expect(ordinary["balance"] as? Int == 100_000)
            #expect(ordinary["accountType"] as? String == "ordinary")
            #expect(ordinary["accountTypeName"] as? String == "普通")
            #expect(ordinary["accountNumber"] as? String == site.customer.ordinary.accountNumber)
            #expect(ordinary["holderName"] as? String == site.customer.ordinary.holderName)
            let branch = try #require(ordinary["branch"] as? [String: any Sendable])
            #expect(branch["code"] as? String == "001")
            #expect((branch["name"] as? String)?.isEmpty == false)
            let savings = try #require(accounts.first { $0["id"] as? Int == Int(site.customer.savings.id) })
            #expect(savings["balance"] as? Int == 0)
            #expect(savings["accountType"] as? String == "savings")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func transactionsNewestFirstWithRunningBalanceAndSummary(_ engine: DatabaseEngine) async throws {
        try await withAPI(engine) { site in
            let number = site.customer.ordinary.accountNumber
            site.clock.advance(by: 60)
            _ = try await site.bank.counter.post(.deposit, branch: "001", accountNumber: number, amount: "5000", memo: "給与",
                                                 by: .operator(name: "test"))
            site.clock.advance(by: 60)
            _ = try await site.bank.counter.post(.withdrawal, branch: "001", accountNumber: number, amount: "2000",
                                                 by: .operator(name: "test"))
            let token = try await site.logIn()
            let path = "/api/v1/accounts/\(site.customer.ordinary.id)/transactions"
            let all = try await site.call(.get, path, token: token)
            #expect(all.status == .ok, "\(all.body)")
            let rows = try #require(all.json["transactions"] as? [[String: any Sendable]])
            #expect(rows.map { $0["amount"] as? Int } == [-2000, 5000, 100_000])
            #expect(rows.map { $0["balance"] as? Int } == [103_000, 105_000, 100_000])
            #expect(rows.map { $0["summary"] as? String } == ["窓口出金", "窓口入金 給与", "窓口入金"])
            #expect(rows[1]["summaryEn"] as? String != nil)
            #expect(rows.allSatisfy { $0["kind"] as? String == "other" })
            let today = JapanTime.Day(containing: site.clock.now())
            #expect(all.json["to"] as? String == today.iso)
            #expect(all.json["from"] as? String == today.adding(months: -1).iso)
            let paging = try #require(all.json["paging"] as? [String: any Sendable])
            #expect(paging["totalItems"] as? Int == 3 && paging["page"] as? Int == 1 && paging["perPage"] as? Int == 50)

            let second = try await site.call(.get, path + "?page=2&perPage=2", token: token)
            let secondRows = try #require(second.json["transactions"] as? [[String: any Sendable]])
            #expect(secondRows.map { $0["amount"] as? Int } == [100_000])
            #expect((second.json["paging"] as? [String: any Sendable])?["totalPages"] as? Int == 2)
            let past = try await site.call(.get, path + "?page=9", token: token)
            #expect((past.json["transactions"] as? [Any])?.isEmpty == true)

            // A period before the entries: none.
            let earlier = today.adding(months: -2)
            let empty = try await site.call(.get, path + "?from=\(earlier.iso)&to=\(earlier.iso)", token: token)
            #expect(empty.status == .ok)
            #expect((empty.json["transactions"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func periodAndPagingRefusalsNameTheField() async throws {
        try await withAPI { site in
            let token = try await site.logIn()
            let path = "/api/v1/accounts/\(site.customer.ordinary.id)/transactions"
            let order = try await site.call(.get, path + "?from=2026-12-01&to=2026-11-01", token: token)
            #expect(order.status == .unprocessableContent)
            #expect(order.fieldErrors == ["from": "error.date.order"])
            let badDate = try await site.call(.get, path + "?to=2026-13-45", token: token)
            #expect(badDate.fieldErrors == ["to": "error.date.invalid"])
            let page = try await site.call(.get, path + "?page=0&perPage=500", token: token)
            #expect(page.status == .unprocessableContent)
            #expect(page.fieldErrors == ["page": "error.api.page", "perPage": "error.api.per_page"])
            let notNumber = try await site.call(.get, path + "?page=abc", token: token)
            #expect(notNumber.status == .badRequest)
            #expect(notNumber.problem == "api.malformed")
        }
    }

    /// Another customer's account answers exactly as one that does not exist.
    @Test(arguments: TestDatabases.engines)
    func anotherCustomersAccountIsNotFound(_ engine: DatabaseEngine) async throws {
        try await withAPI(engine) { site in
            let other = try await SeededCustomer.create(site.bank, loginID: "suzuki02", nameKanji: "鈴木 一郎", nameKana: "ｽｽﾞｷ ｲﾁﾛｳ")
            let token = try await site.logIn()
            let theirs = try await site.call(.get, "/api/v1/accounts/\(other.ordinary.id)/transactions", token: token)
            let missing = try await site.call(.get, "/api/v1/accounts/999999/transactions", token: token)
            #expect(theirs.status == .notFound)
            #expect(theirs.problem == "account_not_found")
            #expect(missing.status == .notFound)
            #expect(theirs.json["detail"] as? String == missing.json["detail"] as? String)
            #expect(theirs.json["type"] as? String == missing.json["type"] as? String)
            let list = try await site.call(.get, "/api/v1/accounts", token: token)
            #expect((list.json["accounts"] as? [[String: any Sendable]])?.contains { $0["id"] as? Int == Int(other.ordinary.id) } == false)
        }
    }
}
