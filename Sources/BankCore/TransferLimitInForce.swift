import Foundation

/// A customer's raise of their 振込限度額 as the rules read it (migration 11's row).
public struct LimitRaise: Sendable, Equatable {
    /// Why a raise ended (`nil` while it waits or stays in force).
    public enum EndReason: String, Sendable, Equatable, CaseIterable {
        /// 取消 by the customer, before it took effect.
        case cancelledByCustomer = "cancelled_by_customer"
        /// 取消 by the bank (the back office), before it took effect.
        case cancelledByBank = "cancelled_by_bank"
        /// Another raise asked for while this one waited: the new one restarts the cooling-off.
        case replaced
        /// A later change of the limit (the customer lowering it, the counter, the command line,
        /// an approved request) set the limit instead.
        case superseded
    }

    public var id: Int64
    public var amount: Yen
    /// The limit in force when it was asked for.
    public var previous: Yen
    public var requestedAt: Date
    public var effectiveAt: Date
    public var endedAt: Date?
    public var endReason: EndReason?

    public init(id: Int64, amount: Yen, previous: Yen, requestedAt: Date, effectiveAt: Date, endedAt: Date? = nil,
                endReason: EndReason? = nil) {
        self.id = id; self.amount = amount; self.previous = previous; self.requestedAt = requestedAt
        self.effectiveAt = effectiveAt; self.endedAt = endedAt; self.endReason = endReason
    }

    /// In force at `instant`: due, and not ended by then. A raise ended before it was due never was.
    public func isInForce(at instant: Date) -> Bool {
        effectiveAt <= instant && (endedAt.map { $0 > instant } ?? true)
    }

    /// Still waiting at `instant` (the customer or the bank may cancel it).
    public func isPending(at instant: Date) -> Bool {
        endedAt == nil && effectiveAt > instant
    }

    /// Ended before it was due: it never applied.
    public var neverApplied: Bool { endedAt.map { $0 <= effectiveAt } ?? false }
}

/// The 振込限度額 in force and where it comes from.
public struct LimitInForce: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        /// The limit the bank set for the customer (the counter, the command line, a request,
        /// or the customer lowering it).
        case own
        /// None set: KYOEI_TRANSFER_DAILY_LIMIT.
        case bankDefault
        /// A raise by the customer that has taken effect.
        case raise(LimitRaise)
    }

    public var limit: Yen
    public var source: Source

    public init(limit: Yen, source: Source) {
        self.limit = limit
        self.source = source
    }

    public var raise: LimitRaise? {
        if case .raise(let raise) = source { return raise }
        return nil
    }

    public var isBankDefault: Bool { source == .bankDefault }

    /// The one rule for the limit in force at an instant: the latest raise due by then and not
    /// ended, else the customer's own limit, else the bank's default. The transfer check, the
    /// customer's screen, 顧客詳細, the command line and 補償判定資料 all read it here.
    public static func at(_ instant: Date, own: Yen?, bankDefault: Yen, raises: [LimitRaise]) -> LimitInForce {
        let due = raises.filter { $0.isInForce(at: instant) }
            .max { ($0.effectiveAt, $0.id) < ($1.effectiveAt, $1.id) }
        if let due { return LimitInForce(limit: due.amount, source: .raise(due)) }
        if let own { return LimitInForce(limit: own, source: .own) }
        return LimitInForce(limit: bankDefault, source: .bankDefault)
    }

    /// The customer's raise in force at `instant` (補償判定資料: was a transfer's limit a raised one).
    public static func raise(at instant: Date, raises: [LimitRaise]) -> LimitRaise? {
        at(instant, own: nil, bankDefault: .zero, raises: raises).raise
    }

    /// The raise still waiting at `instant`, if any (at most one: a new one replaces it).
    public static func pending(at instant: Date, raises: [LimitRaise]) -> LimitRaise? {
        raises.filter { $0.isPending(at: instant) }.max { $0.id < $1.id }
    }
}
