@testable import BankStore
import BankCore
import BankTestSupport
import Foundation
import SQLKit
import Testing

/// The login notice's two steps (`LoginNoticeRecords.claim`, `.record`) in every form an engine
/// has (`StepForm`: SQLite the statements, PostgreSQL both): one sequence of logins must give
/// the same decisions and leave the same rows through each.
@Suite struct LoginNoticeFormsTests {
    static let now = LedgerStoreTests.now
    static let interval: TimeInterval = 600

    @Test(arguments: TestDatabases.engines)
    func everyFormOfTheClaimDecidesAlike(engine: DatabaseEngine) async throws {
        try await StepForm.eachOnACustomer(engine) { form, database, customerID in
            func claim(_ name: String, newBrowser: Bool = false, after seconds: TimeInterval = 0,
                       expect expected: LoginNoticeClaim) async throws {
                let got = try await database.transaction { db in
                    try await LoginNoticeRecords.claim(db, customerID: customerID, newBrowser: newBrowser, minInterval: Self.interval,
                                                       at: Self.now.addingTimeInterval(seconds), form: form)
                }
                #expect(got == expected, "\(form) \(name)")
            }
            try await claim("notices on (no setting yet): the first login's notice goes",
                            expect: LoginNoticeClaim(enabled: true, claimed: true))
            try await claim("within the interval: throttled", after: 60, expect: LoginNoticeClaim(enabled: true, claimed: false))
            try await claim("a new browser has a slot of its own", newBrowser: true, after: 120,
                            expect: LoginNoticeClaim(enabled: true, claimed: true))
            try await claim("after the interval: sent again", after: 800, expect: LoginNoticeClaim(enabled: true, claimed: true))
            try await database.transaction { db in
                try await NotificationSettingRecords.setLoginNotice(db, customerID: customerID, enabled: false, at: Self.now)
            }
            // The slot was last taken at 800: a claim made while off (at 1,500) would refuse the one at 1,600.
            try await claim("notices off, a known browser: nothing claimed", after: 1_500,
                            expect: LoginNoticeClaim(enabled: false, claimed: false))
            try await database.transaction { db in
                try await NotificationSettingRecords.setLoginNotice(db, customerID: customerID, enabled: true, at: Self.now)
            }
            try await claim("notices on again: the slot untouched while off", after: 1_600,
                            expect: LoginNoticeClaim(enabled: true, claimed: true))
            try await database.transaction { db in
                try await NotificationSettingRecords.setLoginNotice(db, customerID: customerID, enabled: false, at: Self.now)
            }
            try await claim("notices off, a new browser: notified all the same", newBrowser: true, after: 3_000,
                            expect: LoginNoticeClaim(enabled: false, claimed: true))
            try await claim("notices off, a new browser again within the interval: throttled", newBrowser: true, after: 3_060,
                            expect: LoginNoticeClaim(enabled: false, claimed: false))
        }
    }

    @Test(arguments: TestDatabases.engines)
    func everyFormOfTheRecordWritesTheRowAndTheMailWhenSent(engine: DatabaseEngine) async throws {
        try await StepForm.eachOnACustomer(engine) { form, database, customerID in
            let mail = NewOutboxMail(messageID: "<notice@test>", kind: "login_notice", customerID: customerID,
                                     fromAddress: "bank@example.jp", recipients: ["ledger01@example.jp"], data: "notice",
                                     urgent: false, containsSecret: false, expiresAt: nil)
            try await database.transaction { db in
                try await LoginNoticeRecords.record(db, customerID: customerID, sessionHash: "s1", at: Self.now, ip: "192.0.2.1",
                                                    userAgent: "ua", newBrowser: false, outcome: .throttled, recipient: nil,
                                                    mail: nil, form: form)
                try await LoginNoticeRecords.record(db, customerID: customerID, sessionHash: "s2", at: Self.now, ip: "192.0.2.2",
                                                    userAgent: "ua", newBrowser: true, outcome: .sent,
                                                    recipient: "ledger01@example.jp", mail: mail, form: form)
            }
            let (throttled, sent, mails) = try await database.read { db in
                (try await LoginNoticeRecords.find(db, sessionHash: "s1"), try await LoginNoticeRecords.find(db, sessionHash: "s2"),
                 try await OutboxRecords.list(db))
            }
            #expect(throttled?.outcome == .throttled && throttled?.messageID == nil && throttled?.recipient == nil, "\(form)")
            #expect(sent?.outcome == .sent && sent?.newBrowser == true && sent?.messageID == "<notice@test>", "\(form)")
            #expect(sent?.recipient == "ledger01@example.jp" && sent?.ip == "192.0.2.2", "\(form)")
            #expect(mails.map(\.messageID) == ["<notice@test>"] && mails.first?.kind == "login_notice", "\(form): one mail, the sent notice's")
        }
    }
}
