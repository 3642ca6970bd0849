import BankStore

/// One row of the audit trail as 監査ログ, 顧客詳細's recent logins and the CSV read it. It
/// holds no secret (the services never write one to the trail), so the store's row is the view.
public typealias AuditEventView = AuditEvent
