import Foundation

/// 振込限度額変更 by the customer (issue 17; the FSA's and the National Police Agency's 2025
/// requests after the securities-account takeovers): lowering applies at once, because it can
/// only protect the customer; raising waits out a cooling-off period, is mailed at once and may
/// be cancelled until then, so that a thief who has the passwords cannot raise the limit and
/// empty the account in the same session. The ceiling is lower for a customer with neither
/// extra factor: their passwords alone are what a thief needs.
public enum TransferLimitRaiseRules {
    /// What a requested limit does, decided against the limit in force now.
    public enum Decision: Sendable, Equatable {
        /// At most the limit in force: it applies at once (and ends any raise still waiting).
        case lower(Yen)
        /// Above it: it waits until `effectiveAt`.
        case raise(Yen, effectiveAt: Date)
    }

    /// Decides a customer's change. `inForce` is the limit in force now (their own, the bank's
    /// default, or a raise already due). The same value as in force is refused as unchanged,
    /// unless a raise is waiting: then it is the way to say "keep what I have" (it ends the raise).
    public static func decide(requested: Yen, inForce: Yen, raisePending: Bool, ceiling: LimitCeiling,
                              delay: LimitRaiseDelay, calendar: BusinessCalendar?,
                              at now: Date) throws(TransferLimitRaiseRefusal) -> Decision {
        guard TransferLimit.allowedRange.contains(requested) else { throw .outOfRange }
        if requested < inForce || (requested == inForce && raisePending) { return .lower(requested) }
        if requested == inForce { throw .unchanged }
        guard requested <= ceiling.amount else { throw .overCeiling(ceiling) }
        do {
            return .raise(requested, effectiveAt: try effectiveInstant(requestedAt: now, delay: delay, calendar: calendar))
        } catch { throw .calendarMissing(error) }
    }

    /// When a raise asked for at `now` takes effect: 00:00 JST of the next business day after
    /// the day of the request (a raise on Friday evening before ゴールデンウィーク waits until the
    /// holidays are over, when the bank can answer the customer's call), or after a number of
    /// seconds (tests, and banks that prefer a fixed delay).
    public static func effectiveInstant(requestedAt now: Date, delay: LimitRaiseDelay,
                                        calendar: BusinessCalendar?) throws(BusinessCalendarError) -> Date {
        switch delay {
        case .seconds(let seconds):
            return now.addingTimeInterval(TimeInterval(seconds))
        case .nextBusinessDay:
            let today = JapanTime.Day(containing: now)
            // No calendar at all is a year not covered: never guess that a day is open.
            guard let calendar else { throw .yearNotCovered(today.year) }
            return try calendar.nextBusinessDay(after: today).start
        }
    }
}

/// KYOEI_LIMIT_RAISE_DELAY: `next-business-day` (the default) or a number of seconds.
public enum LimitRaiseDelay: Sendable, Equatable, CustomStringConvertible {
    case nextBusinessDay
    case seconds(Int)

    /// `next-business-day`, or whole seconds from 1 to 30 days' worth.
    public init?(setting text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed == "next-business-day" { self = .nextBusinessDay; return }
        guard let seconds = Int(trimmed), (1...30 * 86_400).contains(seconds) else { return nil }
        self = .seconds(seconds)
    }

    public var description: String {
        switch self {
        case .nextBusinessDay: "next-business-day"
        case .seconds(let seconds): String(seconds)
        }
    }
}

/// The highest limit a customer may raise to by themselves, and why that one.
public struct LimitCeiling: Sendable, Equatable {
    public enum Basis: String, Sendable, Equatable {
        /// The OTP (active) or the メール通知パスワード is in use: KYOEI_LIMIT_CEILING.
        case withExtraFactor = "with_extra_factor"
        /// Neither: KYOEI_LIMIT_CEILING_NO_FACTOR.
        case noExtraFactor = "no_extra_factor"
    }

    public var amount: Yen
    public var basis: Basis

    public init(amount: Yen, basis: Basis) {
        self.amount = amount
        self.basis = basis
    }
}

/// The bank's two ceilings (KYOEI_LIMIT_CEILING, KYOEI_LIMIT_CEILING_NO_FACTOR).
public struct LimitCeilings: Sendable, Equatable {
    public var withExtraFactor: Yen
    public var noExtraFactor: Yen

    /// 10,000,000円 per day with an extra factor, as the larger Japanese net banks allow for
    /// personal customers; 200,000円 without one (issue 17).
    public init(withExtraFactor: Yen = Yen(10_000_000), noExtraFactor: Yen = Yen(200_000)) {
        self.withExtraFactor = withExtraFactor
        self.noExtraFactor = noExtraFactor
    }

    /// The ceiling for a customer in this state. A token issued but not yet set up (利用開始前)
    /// protects nothing yet, so it does not count.
    public func ceiling(for state: ExtraFactorState) -> LimitCeiling {
        switch state {
        case .otpActive, .mailPassword: LimitCeiling(amount: withExtraFactor, basis: .withExtraFactor)
        case .none, .otpPending: LimitCeiling(amount: noExtraFactor, basis: .noExtraFactor)
        }
    }
}

/// Why a customer's 振込限度額変更 is refused, each with the field message.
public enum TransferLimitRaiseRefusal: Error, Sendable, Equatable {
    case outOfRange
    case unchanged
    case overCeiling(LimitCeiling)
    /// The holiday list does not cover the day the raise would wait for.
    case calendarMissing(BusinessCalendarError)

    public var messageKey: String {
        switch self {
        case .outOfRange: "error.transfer_limit.out_of_range"
        case .unchanged: "error.transfer_limit.unchanged"
        case .overCeiling(let ceiling): "error.transfer_limit.over_ceiling.\(ceiling.basis.rawValue)"
        case .calendarMissing: "error.transfer_limit.calendar"
        }
    }
}
