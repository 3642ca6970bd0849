import BankCore
import BankStore
import Foundation

/// ログイン履歴 and 振込・振替履歴照会: what the customer did (or someone did as them), read only.
public struct HistoryService: BankUseCase {
    public let context: BankContext

    /// How many login attempts ログイン履歴 shows.
    public static let loginCount = 20

    /// ログイン履歴: the customer's last login attempts, newest first, from the same audit rows
    /// the back office's 顧客詳細 lists as recent logins.
    public func logins(by actor: BankActor) async throws -> [LoginHistoryEntry] {
        let customerID = try actor.requireCustomer()
        return try await database.read { db in
            try await AuditRecords.search(db, AuditQuery(customerID: customerID, events: CustomerDetail.loginEvents),
                                          limit: Self.loginCount).map(LoginHistoryEntry.init)
        }
    }
}
