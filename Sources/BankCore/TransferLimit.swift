import Foundation

/// 振込限度額: how much a customer may transfer per day (JST calendar day).
///
/// Used-today counts the transfer amounts only, not the fees. A fee is the bank's charge,
/// not money sent away, and counting it would make a customer with exactly 1,000,000円
/// of limit unable to send 1,000,000円. The daily limit exists to cap what a thief can
/// move out; the fee does not leave the bank.
public enum TransferLimit {
    /// The limit of a customer for whom the bank set none.
    public static let defaultLimit = Yen(1_000_000)
    /// A limit the bank may set per customer: at least 1円, at most 100,000,000円.
    public static let allowedRange = Yen(1)...Yen(100_000_000)

    /// `limit` when the bank may set it for a customer.
    public static func validateLimit(_ limit: Yen) throws(TransferLimitError) -> Yen {
        guard allowedRange.contains(limit) else { throw .outOfRange }
        return limit
    }

    /// A limit as staff type it (`1,000,000`, full-width digits, `円`).
    public static func parseLimit(_ raw: String) throws(TransferLimitError) -> Yen {
        switch Yen.parseInput(raw) {
        case .success(let limit): return try validateLimit(limit)
        // 0 is a valid number but not a valid limit: say the range, not "at least 1 yen".
        case .failure(.notPositive): throw .outOfRange
        case .failure(let error): throw .notAnAmount(error)
        }
    }

    /// What is left of today's limit; never negative (a limit lowered after today's
    /// transfers leaves nothing, not a debt).
    public static func remaining(limit: Yen, usedToday: Yen) -> Yen {
        max(.zero, limit - usedToday)
    }

    /// Refuses an amount over today's remaining limit, naming what remains. Reaching the
    /// limit exactly is allowed.
    public static func check(amount: Yen, limit: Yen, usedToday: Yen) throws(TransferRefusal) {
        let left = remaining(limit: limit, usedToday: usedToday)
        if amount > left { throw .overDailyLimit(remaining: left, limit: limit) }
    }

    /// The day a transfer counts against: the calendar day in Japan, whatever the server's
    /// time zone, so the limit renews at midnight JST.
    public static func day(of instant: Date) -> JapanTime.Day {
        JapanTime.Day(containing: instant)
    }

    /// `[start, end)` of the JST day containing `instant`: the range to sum today's transfers over.
    public static func dayInterval(of instant: Date) -> Range<Date> {
        let day = day(of: instant)
        return day.start..<day.nextDayStart
    }
}

/// Why a daily limit cannot be set.
public enum TransferLimitError: Error, Sendable, Equatable {
    /// Outside 1…100,000,000円.
    case outOfRange
    /// Not readable as an amount at all.
    case notAnAmount(AmountInputError)

    public var messageKey: String {
        switch self {
        case .outOfRange: "error.transfer_limit.out_of_range"
        case .notAnAmount(let error): error.messageKey
        }
    }
}
