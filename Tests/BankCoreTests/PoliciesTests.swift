import BankCore
import Foundation
import Testing

@Suite struct PoliciesTests {
    let start = Date(timeIntervalSince1970: 1_795_568_400)

    @Test func sessionIdleAndAbsoluteLimits() {
        let policy = SessionPolicy(idleTimeout: 600, absoluteTimeout: 3600)
        #expect(policy.state(createdAt: start, lastSeenAt: start, now: start.addingTimeInterval(599)) == .active)
        #expect(policy.state(createdAt: start, lastSeenAt: start, now: start.addingTimeInterval(600)) == .idleExpired)
        let recent = start.addingTimeInterval(3500)
        #expect(policy.state(createdAt: start, lastSeenAt: recent, now: start.addingTimeInterval(3599)) == .active)
        #expect(policy.state(createdAt: start, lastSeenAt: recent, now: start.addingTimeInterval(3600)) == .absoluteExpired)
    }

    /// The deadline the timeout warning counts to: the idle limit, or the limit since login
    /// when that comes first (final); the warning never leads by more than the idle limit.
    @Test func sessionDeadline() {
        let policy = SessionPolicy(idleTimeout: 600, absoluteTimeout: 3600)
        #expect(policy.warningLead == 120)
        let idle = policy.deadline(createdAt: start, lastSeenAt: start.addingTimeInterval(100))
        #expect(idle.at == start.addingTimeInterval(700) && !idle.final)
        let late = policy.deadline(createdAt: start, lastSeenAt: start.addingTimeInterval(3100))
        #expect(late.at == start.addingTimeInterval(3600) && late.final)
        #expect(SessionPolicy(idleTimeout: 20, warningLead: 120).warningLead == 20)
        #expect(JapanTime.clockTime(start) == "10:00")
        #expect(JapanTime.clockTime(start.addingTimeInterval(-3600 * 10 - 60)) == "23:59")
    }

    @Test func aViewSoonAfterTheLastIsNotRecordedAgain() {
        let policy = SessionPolicy()
        #expect(policy.touchGranularity == 10)
        #expect(!policy.needsTouch(lastSeenAt: start, now: start))
        #expect(!policy.needsTouch(lastSeenAt: start, now: start.addingTimeInterval(9.999)))
        #expect(policy.needsTouch(lastSeenAt: start, now: start.addingTimeInterval(10)))
        #expect(policy.needsTouch(lastSeenAt: start, now: start.addingTimeInterval(-1)), "a clock set back records at once")
        #expect(SessionPolicy(touchGranularity: 0).needsTouch(lastSeenAt: start, now: start))
        // An idle limit of 8 s: views 1 s apart keep it alive, so it records each one.
        let short = SessionPolicy(idleTimeout: 8)
        #expect(short.needsTouch(lastSeenAt: start, now: start.addingTimeInterval(1)))
        #expect(!short.needsTouch(lastSeenAt: start, now: start.addingTimeInterval(0.5)))
    }

    @Test func lockoutCountsToTheLimit() {
        let policy = LockoutPolicy(limit: 5)
        #expect(!policy.isLocked(failures: 4))
        #expect(policy.isLocked(failures: 5))
        #expect(LockoutPolicy(limit: 0).limit == 1)
    }

    @Test func factorRecordsRoundTrip() {
        let credentials: [Credential] = [.loginPassword, .otp]
        #expect(FactorRecord.encode(credentials) == "login_password,otp")
        #expect(FactorRecord.decode("login_password,otp,bogus") == credentials)
        #expect(FactorRecord.decode("") == [])
    }

    @Test func ledgerRules() throws {
        try LedgerRules.validate([Posting(accountID: 1, amount: Yen(100)), Posting(accountID: 2, amount: Yen(-100))])
        #expect(throws: LedgerRuleError.unbalanced) {
            try LedgerRules.validate([Posting(accountID: 1, amount: Yen(100)), Posting(accountID: 2, amount: Yen(-99))])
        }
        #expect(throws: LedgerRuleError.tooFewPostings) { try LedgerRules.validate([Posting(accountID: 1, amount: Yen(0))]) }
        #expect(throws: LedgerRuleError.zeroAmount) {
            try LedgerRules.validate([Posting(accountID: 1, amount: .zero), Posting(accountID: 2, amount: .zero)])
        }
        #expect(throws: LedgerRuleError.sameAccountTwice) {
            try LedgerRules.validate([Posting(accountID: 1, amount: Yen(5)), Posting(accountID: 1, amount: Yen(-5))])
        }
    }

    @Test func japanTimeDays() throws {
        let day = try #require(JapanTime.Day(iso: "2026-11-25"))
        #expect(day.japanese == "2026年11月25日")
        #expect(day.iso == "2026-11-25")
        // Midnight in Tokyo is 15:00 UTC the day before.
        #expect(day.start == Date(timeIntervalSince1970: 1_795_532_400))
        #expect(day.nextDayStart.timeIntervalSince(day.start) == 86_400)
        #expect(JapanTime.Day(iso: "2026/1/5")?.iso == "2026-01-05")
        #expect(JapanTime.Day(iso: "2026-02-30") == nil)
        #expect(JapanTime.Day(iso: "2026-13-01") == nil)
        #expect(JapanTime.Day(iso: "yesterday") == nil)
        #expect(JapanTime.Day(iso: "26-11-25") == nil)
        #expect(day.adding(months: -1).iso == "2026-10-25")
        #expect(JapanTime.Day(containing: start).iso == "2026-11-25")
        #expect(JapanTime.japaneseDateTime(start) == "2026年11月25日 10:00")
        #expect(JapanTime.isoDateTime(start) == "2026-11-25 10:00")
    }
}
