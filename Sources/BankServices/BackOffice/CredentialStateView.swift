import BankStore

/// One credential's failure count and lock, as 顧客詳細 and `kyoei admin customer show` show it.
/// It holds no secret, so the store's row is the view.
public typealias CredentialStateView = CredentialState
