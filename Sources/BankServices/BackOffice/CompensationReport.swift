import BankCore
import BankStore
import Foundation
import SQLKit

/// 補償判定資料: for a customer and period, or for one transfer.
public struct CompensationReport: Sendable, Equatable {
    public var customer: CustomerSummary
    public var from: Date
    /// Exclusive.
    public var to: Date
    /// The transfer the report was made for, if it was made for one.
    public var transfer: TransferView?
    /// For a report on one transfer: the raise of the 振込限度額 in force when it was made (nil: none).
    public var transferLimitRaise: LimitRaise? = nil
    /// Oldest first.
    public var entries: [CompensationEntry]
    /// The customer's extra factor now, and the rule that would apply today.
    public var factorsNow: FactorOverview
    public var assessmentNow: CompensationAssessment
    public var generatedAt: Date
    /// The 職員ID of the member of staff who made it.
    public var generatedBy: String

    public var noticeSentence: String { CompensationAssessment.noticeSentence }
    /// The longest period one report covers.
    public static let maximumDays = 366
}
