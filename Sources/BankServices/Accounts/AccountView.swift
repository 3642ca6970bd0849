import BankStore

/// An account as the use cases hand it out (残高照会, 明細, a transfer's source): the store's
/// row as it is, since it holds no secret. The screens name it by this name, so that BankWeb
/// needs no BankStore import.
public typealias AccountView = AccountRecord
