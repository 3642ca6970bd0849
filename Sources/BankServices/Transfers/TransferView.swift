import BankStore

/// A transfer as the screens show it (受付番号, destination, amount, fee, status, route): the
/// store's record, which holds no secret. Named here so the web layer needs no store import.
public typealias TransferView = TransferRecord
