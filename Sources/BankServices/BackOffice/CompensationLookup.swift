import BankCore
import BankStore
import Foundation
import SQLKit

/// 補償判定資料 by the customer's ログインID or name: what a clerk has in hand when a customer
/// calls, rather than the bank's internal customer number (which still works, for links).
public enum CompensationLookup: Sendable, Equatable {
    /// One customer matched: their report.
    case report(CompensationReport)
    /// Several customers share the name: the clerk picks one (none is empty: `customerNotFound`).
    case choices([CustomerSummary])
}
