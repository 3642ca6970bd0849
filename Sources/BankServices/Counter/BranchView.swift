import BankStore

/// One of this bank's branches (code and names), as the counter's 口座開設 offers them.
public typealias BranchView = BranchRecord
