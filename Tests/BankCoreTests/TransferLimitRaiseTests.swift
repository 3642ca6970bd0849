import BankCore
import Foundation
import Testing

/// 振込限度額変更's rules on fixed dates: which ceiling applies, lower at once or raise later,
/// when a raise takes effect (the next business day at 00:00 JST, across holidays), and the one
/// rule for the limit in force at an instant.
@Suite struct TransferLimitRaiseTests {
    static func calendar() throws -> BusinessCalendar { try BusinessCalendarTests.calendar() }

    /// `2026-05-01 19:30` in Japan.
    static func jst(_ text: String) -> Date {
        let parts = text.split(separator: " ")
        let day = JapanTime.Day(iso: String(parts[0]))!
        let hm = parts[1].split(separator: ":").map { Double($0)! }
        return day.start.addingTimeInterval(hm[0] * 3600 + hm[1] * 60)
    }

    static let ceilings = LimitCeilings()

    @Test func raiseOnFridayEveningBeforeGoldenWeekWaitsUntilThursday() throws {
        // 5/2 Sat, 5/3 Sun 憲法記念日, 5/4 みどりの日, 5/5 こどもの日, 5/6 振替休日.
        let at = try TransferLimitRaiseRules.effectiveInstant(requestedAt: Self.jst("2026-05-01 19:30"), delay: .nextBusinessDay,
                                                             calendar: Self.calendar())
        #expect(at == Self.jst("2026-05-07 00:00"))
        #expect(JapanTime.japaneseDateTime(at) == "2026年5月7日 00:00")
    }

    @Test func raiseOnAnOrdinaryDayAppliesAtTheNextMidnight() throws {
        let calendar = try Self.calendar()
        #expect(try TransferLimitRaiseRules.effectiveInstant(requestedAt: Self.jst("2026-11-25 10:00"), delay: .nextBusinessDay,
                                                             calendar: calendar) == Self.jst("2026-11-26 00:00"))
        // Just after midnight still counts from that day: the next business day, not the same one.
        #expect(try TransferLimitRaiseRules.effectiveInstant(requestedAt: Self.jst("2026-11-26 00:01"), delay: .nextBusinessDay,
                                                             calendar: calendar) == Self.jst("2026-11-27 00:00"))
        // Friday → Monday; 年末 → 1月4日 (12/31–1/3 closed).
        #expect(try TransferLimitRaiseRules.effectiveInstant(requestedAt: Self.jst("2026-11-27 23:59"), delay: .nextBusinessDay,
                                                             calendar: calendar) == Self.jst("2026-11-30 00:00"))
        #expect(try TransferLimitRaiseRules.effectiveInstant(requestedAt: Self.jst("2026-12-30 12:00"), delay: .nextBusinessDay,
                                                             calendar: calendar) == Self.jst("2027-01-04 00:00"))
    }

    @Test func secondsDelayAndUncoveredYears() throws {
        let now = Self.jst("2026-11-25 10:00")
        #expect(try TransferLimitRaiseRules.effectiveInstant(requestedAt: now, delay: .seconds(5), calendar: nil)
                == now.addingTimeInterval(5))
        #expect(throws: BusinessCalendarError.yearNotCovered(2026)) {
            try TransferLimitRaiseRules.effectiveInstant(requestedAt: now, delay: .nextBusinessDay, calendar: nil)
        }
        #expect(LimitRaiseDelay(setting: "next-business-day") == .nextBusinessDay)
        #expect(LimitRaiseDelay(setting: " 30 ") == .seconds(30))
        for bad in ["", "0", "-5", "tomorrow", "2592001"] { #expect(LimitRaiseDelay(setting: bad) == nil, "\(bad)") }
    }

    @Test func ceilingDependsOnTheExtraFactor() {
        #expect(Self.ceilings.ceiling(for: .otpActive) == LimitCeiling(amount: Yen(10_000_000), basis: .withExtraFactor))
        #expect(Self.ceilings.ceiling(for: .mailPassword) == LimitCeiling(amount: Yen(10_000_000), basis: .withExtraFactor))
        #expect(Self.ceilings.ceiling(for: .none) == LimitCeiling(amount: Yen(200_000), basis: .noExtraFactor))
        // A token not yet set up protects nothing yet.
        #expect(Self.ceilings.ceiling(for: .otpPending(.issued)).basis == .noExtraFactor)
    }

    @Test func lowerAtOnceRaiseLaterRefusals() throws {
        let now = Self.jst("2026-05-01 19:30")
        let calendar = try Self.calendar()
        let withFactor = Self.ceilings.ceiling(for: .otpActive), noFactor = Self.ceilings.ceiling(for: .none)
        func decide(_ amount: Int64, inForce: Int64 = 1_000_000, pending: Bool = false,
                    ceiling: LimitCeiling = withFactor) throws(TransferLimitRaiseRefusal) -> TransferLimitRaiseRules.Decision {
            try TransferLimitRaiseRules.decide(requested: Yen(amount), inForce: Yen(inForce), raisePending: pending, ceiling: ceiling,
                                               delay: .nextBusinessDay, calendar: calendar, at: now)
        }
        #expect(try decide(300_000) == .lower(Yen(300_000)))
        #expect(try decide(3_000_000) == .raise(Yen(3_000_000), effectiveAt: Self.jst("2026-05-07 00:00")))
        #expect(try decide(10_000_000) == .raise(Yen(10_000_000), effectiveAt: Self.jst("2026-05-07 00:00")), "the ceiling itself")
        #expect(throws: TransferLimitRaiseRefusal.overCeiling(withFactor)) { try decide(10_000_001) }
        #expect(throws: TransferLimitRaiseRefusal.unchanged) { try decide(1_000_000) }
        // The same value while a raise waits keeps the limit and ends the raise.
        #expect(try decide(1_000_000, pending: true) == .lower(Yen(1_000_000)))
        // Without a factor: above the lower ceiling refused, even if the limit in force is higher.
        #expect(throws: TransferLimitRaiseRefusal.overCeiling(noFactor)) { try decide(200_001, inForce: 100_000, ceiling: noFactor) }
        #expect(try decide(150_000, inForce: 1_000_000, ceiling: noFactor) == .lower(Yen(150_000)))
        #expect(try decide(200_000, inForce: 100_000, ceiling: noFactor) == .raise(Yen(200_000), effectiveAt: Self.jst("2026-05-07 00:00")))
        #expect(throws: TransferLimitRaiseRefusal.outOfRange) { try decide(0) }
        #expect(throws: TransferLimitRaiseRefusal.calendarMissing(.yearNotCovered(2026))) {
            try TransferLimitRaiseRules.decide(requested: Yen(2_000_000), inForce: Yen(1_000_000), raisePending: false, ceiling: withFactor,
                                               delay: .nextBusinessDay, calendar: BusinessCalendar(holidays: [:], coveredYears: []), at: now)
        }
        #expect(TransferLimitRaiseRefusal.overCeiling(noFactor).messageKey == "error.transfer_limit.over_ceiling.no_extra_factor")
    }

    @Test func limitInForceAtAnInstant() {
        let requested = Self.jst("2026-05-01 19:30"), effective = Self.jst("2026-05-07 00:00")
        let raise = LimitRaise(id: 1, amount: Yen(3_000_000), previous: Yen(1_000_000), requestedAt: requested, effectiveAt: effective)
        let before = LimitInForce.at(effective.addingTimeInterval(-1), own: nil, bankDefault: Yen(1_000_000), raises: [raise])
        #expect(before == LimitInForce(limit: Yen(1_000_000), source: .bankDefault))
        let after = LimitInForce.at(effective, own: Yen(500_000), bankDefault: Yen(1_000_000), raises: [raise])
        #expect(after.limit == Yen(3_000_000) && after.raise == raise)
        #expect(LimitInForce.pending(at: requested, raises: [raise]) == raise)
        #expect(LimitInForce.pending(at: effective, raises: [raise]) == nil, "due: no longer waiting")

        // Cancelled before it was due: never in force.
        var cancelled = raise
        cancelled.endedAt = requested.addingTimeInterval(60); cancelled.endReason = .cancelledByCustomer
        #expect(LimitInForce.at(effective.addingTimeInterval(3600), own: Yen(500_000), bankDefault: Yen(1_000_000), raises: [cancelled])
                == LimitInForce(limit: Yen(500_000), source: .own))
        #expect(cancelled.neverApplied && LimitInForce.pending(at: requested.addingTimeInterval(120), raises: [cancelled]) == nil)

        // Superseded by a later change: in force between its start and that change only.
        var superseded = raise
        superseded.endedAt = effective.addingTimeInterval(86_400); superseded.endReason = .superseded
        #expect(LimitInForce.raise(at: effective.addingTimeInterval(3600), raises: [superseded]) == superseded)
        #expect(LimitInForce.raise(at: effective.addingTimeInterval(86_400), raises: [superseded]) == nil)

        // Two raises due: the later one.
        let second = LimitRaise(id: 2, amount: Yen(5_000_000), previous: Yen(3_000_000), requestedAt: effective,
                                effectiveAt: effective.addingTimeInterval(86_400))
        #expect(LimitInForce.at(effective.addingTimeInterval(90_000), own: nil, bankDefault: Yen(1), raises: [raise, second]).limit == Yen(5_000_000))
        #expect(LimitInForce.at(effective.addingTimeInterval(3600), own: nil, bankDefault: Yen(1), raises: [raise, second]).limit == Yen(3_000_000))
    }
}
