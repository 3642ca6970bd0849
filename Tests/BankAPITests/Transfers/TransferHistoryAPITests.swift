import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import HTTPTypes
import Testing

/// GET /api/v1/transfers (振込・振替履歴照会: the page's period, newest first, paged, by status)
/// and GET /transfers/{receptionNumber}: another customer's number is answered like an unknown one.
@Suite struct TransferHistoryAPITests {
    @Test(arguments: TestDatabases.engines)
    func pagedNewestFirstFilteredAndOnlyTheCustomersOwn(_ engine: DatabaseEngine) async throws {
        try await withAPI(engine) { site in
            let suzuki = try await site.openPayee()
            let token = try await site.logIn()
            var receptions: [String] = []
            for (amount, destination) in [(1_000, APISite.typed(suzuki.savings)), (2_000, APISite.otherBank),
                                          (3_000, APISite.typed(suzuki.ordinary))] {
                site.clock.advance(by: 60)
                let made = try await site.transfer(token, quoteID: try await site.quoteID(token, destination: destination, amount: amount))
                receptions.append(try #require(made.json["receptionNumber"] as? String))
            }
            let first = try await site.call(.get, "/api/v1/transfers?perPage=2", token: token)
            #expect(first.status == .ok, "\(first.body)")
            let rows = try #require(first.json["transfers"] as? [[String: any Sendable]])
            #expect(rows.map { $0["receptionNumber"] as? String } == [receptions[2], receptions[1]], "newest first")
            let paging = try #require(first.json["paging"] as? [String: any Sendable])
            #expect(paging["totalItems"] as? Int == 3 && paging["totalPages"] as? Int == 2)
            let second = try await site.call(.get, "/api/v1/transfers?perPage=2&page=2", token: token)
            #expect((second.json["transfers"] as? [[String: any Sendable]])?.map { $0["receptionNumber"] as? String } == [receptions[0]])
            let accepted = try await site.call(.get, "/api/v1/transfers?status=accepted", token: token)
            #expect((accepted.json["transfers"] as? [[String: any Sendable]])?.map { $0["receptionNumber"] as? String } == [receptions[1]])
            let otherBank = try #require(rows.last?["destination"] as? [String: any Sendable])
            #expect((otherBank["bankName"] as? String)?.isEmpty == false && otherBank["bankCode"] as? String == "0998")
            let outside = try await site.call(.get, "/api/v1/transfers?from=2026-10-01&to=2026-10-31", token: token)
            #expect((outside.json["transfers"] as? [Any])?.isEmpty == true)
            let badPeriod = try await site.call(.get, "/api/v1/transfers?from=2026-11-30&to=2026-11-01", token: token)
            #expect(badPeriod.status == .unprocessableContent && !badPeriod.fieldErrors.isEmpty, "\(badPeriod.body)")

            // 鈴木 sees none of them, and 田中's number answers him as an unknown one does.
            let his = try #require(try await site.createSession("suzuki01").json["token"] as? String)
            #expect((try await site.call(.get, "/api/v1/transfers", token: his).json["transfers"] as? [Any])?.isEmpty == true)
            let foreign = try await site.call(.get, "/api/v1/transfers/\(receptions[0])", token: his)
            let unknown = try await site.call(.get, "/api/v1/transfers/0000000000000", token: his)
            #expect(foreign.status == .notFound && unknown.status == .notFound)
            #expect(foreign.problem == unknown.problem && foreign.messages.ja == unknown.messages.ja)
            #expect(try await site.call(.get, "/api/v1/transfers").status == .unauthorized)
        }
    }

    /// A booking shows as 予約中, then 取消済 once cancelled through the pages' use case.
    @Test(arguments: TestDatabases.engines)
    func aBookingIsScheduledThenCancelled(_ engine: DatabaseEngine) async throws {
        try await withAPI(engine) { site in
            _ = try await site.openPayee()
            let token = try await site.logIn()
            let quote = try await site.quote(token, destination: APISite.otherBank, amount: 2_000, extra: ["scheduledFor": "2026-11-27"])
            let booked = try await site.transfer(token, quoteID: try #require(quote.json["quoteId"] as? String))
            let reception = try #require(booked.json["receptionNumber"] as? String)
            #expect(try await site.call(.get, "/api/v1/transfers/\(reception)", token: token).json["status"] as? String == "scheduled")
            _ = try await site.bank.scheduledTransfers.cancel(by: .customer(id: site.customer.customer.id), receptionNumber: reception,
                                                              confirmationPassword: APISite.confirmation, client: .commandLine)
            let cancelled = try await site.call(.get, "/api/v1/transfers/\(reception)", token: token)
            #expect(cancelled.json["status"] as? String == "cancelled", "\(cancelled.body)")
            #expect(cancelled.json["statusChangedAt"] != nil)
        }
    }
}
