import BankStore

/// A maker-checker request as the back office lists and decides it: who asked for what, for
/// whom, and how it was decided. It holds no secret, so the store's row is the view.
public typealias AccessRequestView = AccessRequestRecord
