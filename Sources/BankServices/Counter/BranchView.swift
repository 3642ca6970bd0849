import BankStore

/// One of this bank's branches (code and names), as the counter's 口座開設 offers them.
public struct BranchView: Sendable, Equatable {
    public var code: String
    public var nameJa: String
    public var nameEn: String

    init(_ record: BranchRecord) {
        code = record.code; nameJa = record.nameJa; nameEn = record.nameEn
    }
}
