import BankCore
import Foundation

/// A statement request after validation: one account, one range of Japanese calendar days.
public struct StatementPeriod: Sendable, Equatable {
    public var from: JapanTime.Day
    public var to: JapanTime.Day
    public init(from: JapanTime.Day, to: JapanTime.Day) {
        self.from = from
        self.to = to
    }

    /// The longest range one request may cover (keeps pages and queries bounded).
    public static let maximumDays = 366

    /// Validates what the 入出金明細照会 form sent; empty fields mean the last month.
    public static func parse(from rawFrom: String?, to rawTo: String?, today: JapanTime.Day) -> Result<StatementPeriod, BankError> {
        var errors: [FieldError] = []
        var from = today.adding(months: -1)
        var to = today
        if let rawFrom, !rawFrom.isEmpty {
            if let day = JapanTime.Day(iso: rawFrom) { from = day } else { errors.append(FieldError(field: "from", messageKey: "error.date.invalid")) }
        }
        if let rawTo, !rawTo.isEmpty {
            if let day = JapanTime.Day(iso: rawTo) { to = day } else { errors.append(FieldError(field: "to", messageKey: "error.date.invalid")) }
        }
        if errors.isEmpty {
            if to < from {
                errors.append(FieldError(field: "from", messageKey: "error.date.order"))
            } else if to.start.timeIntervalSince(from.start) > Double(maximumDays) * 86_400 {
                errors.append(FieldError(field: "from", messageKey: "error.date.range_too_long"))
            } else if today < from {
                errors.append(FieldError(field: "from", messageKey: "error.date.future"))
            }
        }
        return errors.isEmpty ? .success(StatementPeriod(from: from, to: to)) : .failure(.invalidInput(errors))
    }
}
