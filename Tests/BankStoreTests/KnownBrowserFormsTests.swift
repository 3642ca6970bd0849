@testable import BankStore
import BankCore
import BankTestSupport
import Foundation
import SQLKit
import Testing

/// `KnownBrowserRecords.see` in every form an engine has (`StepForm`): the same answers and the
/// same rows — a browser new to a customer once, known ever after (its last visit moved, its
/// first kept), new again to another customer; and on PostgreSQL, a login that meets another
/// login inserting the same browser at the same moment waits for it and finds the browser known.
@Suite struct KnownBrowserFormsTests {
    static let now = LedgerStoreTests.now

    static func seen(_ database: any BankDatabase, customerID: Int64, hash: String) async throws -> (first: Int64, last: Int64)? {
        try await database.read { db in
            try await db.raw("""
                SELECT first_seen_at, last_seen_at FROM known_browsers
                 WHERE customer_id = \(bind: customerID) AND browser_hash = \(bind: hash)
                """).first().map { (try $0.decode(column: "first_seen_at", as: Int64.self),
                                     try $0.decode(column: "last_seen_at", as: Int64.self)) }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func everyFormTellsANewBrowserFromAKnownOne(engine: DatabaseEngine) async throws {
        try await StepForm.eachOnACustomer(engine) { form, database, customerID in
            let otherID = try await database.transaction { db in
                try await CustomerRecords.insert(db, NewCustomer(
                    loginID: "browser02", nameKanji: "閲覧 二郎", nameKana: try KanaName(validating: "ｴﾂﾗﾝ ｼﾞﾛｳ"),
                    pcEmail: try MailAddress(validating: "browser02@example.jp"), mobileEmail: nil,
                    loginPasswordHash: "x", confirmationPasswordHash: "x"), at: Self.now)
            }
            func see(_ customer: Int64, _ hash: String, after seconds: TimeInterval) async throws -> Bool {
                try await database.transaction { db in
                    try await KnownBrowserRecords.see(db, customerID: customer, browserHash: hash,
                                                      at: Self.now.addingTimeInterval(seconds), form: form)
                }
            }
            #expect(try await see(customerID, "b1", after: 0) == true, "\(form): the first login from it")
            #expect(try await see(customerID, "b1", after: 60) == false, "\(form): the second")
            #expect(try await see(customerID, "b1", after: 120) == false, "\(form): the third")
            let row = try await Self.seen(database, customerID: customerID, hash: "b1")
            #expect(row?.first == Self.now.millis && row?.last == Self.now.addingTimeInterval(120).millis, "\(form): \(String(describing: row))")
            #expect(try await see(otherID, "b1", after: 180) == true, "\(form): new to another customer")
            #expect(try await see(customerID, "b2", after: 240) == true, "\(form): another browser")
            let count = try await database.read { db in try await KnownBrowserRecords.count(db, customerID: customerID) }
            #expect(count == 2, "\(form)")
        }
    }

    /// Two first logins from one browser at once: the second waits for the first's commit and
    /// finds the browser known (one ログインのお知らせ for a new browser, not two).
    @Test(arguments: StepForm.all(on: .postgres))
    func aLoginMeetingAnotherInsertingTheSameBrowserFindsItKnown(form: StepForm) async throws {
        guard TestDatabases.engines.contains(.postgres) else { return }
        try await TestDatabases.withDatabase(.postgres) { database, _ in
            let (account, _) = try await database.transaction { db in try await LedgerStoreTests.setUp(db) }
            let customerID = account.customerID!
            let (firstSaw, signal) = AsyncStream.makeStream(of: Bool.self)
            async let first: Bool = database.transaction { db in
                let new = try await KnownBrowserRecords.see(db, customerID: customerID, browserHash: "b1", at: Self.now, form: form)
                signal.yield(new)
                // Held open a moment, so that the second statement meets the uncommitted row
                // (were it later, it would find the committed one: the answer is the same).
                try await Task.sleep(for: .milliseconds(300))
                return new
            }
            var iterator = firstSaw.makeAsyncIterator()
            _ = await iterator.next()
            let second = try await database.transaction { db in
                try await KnownBrowserRecords.see(db, customerID: customerID, browserHash: "b1",
                                                  at: Self.now.addingTimeInterval(1), form: form)
            }
            #expect(try await first == true, "\(form)")
            #expect(second == false, "\(form)")
            let row = try await Self.seen(database, customerID: customerID, hash: "b1")
            #expect(row?.first == Self.now.millis && row?.last == Self.now.addingTimeInterval(1).millis, "\(form)")
        }
    }
}
