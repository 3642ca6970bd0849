import BankCore
import BankStore
import Foundation
import SQLKit

/// 振込・振替: the screens' choices, the destination, the 確認画面 and 実行, and the
/// transfers made (the result screen, the command line's list).
public struct TransferService: BankUseCase {
    public let context: BankContext

    /// How long a 確認画面 may wait for 実行: as long as a session may sit idle.
    var confirmationLifetime: TimeInterval { settings.sessions.idleTimeout }

    /// The customer's transfer by its 受付番号 (the result screen), never another customer's.
    public func find(by actor: BankActor, receptionNumber: String) async throws -> TransferView? {
        let customerID = try actor.requireCustomer()
        return try await database.read { db in
            guard let transfer = try await TransferRecords.findByReception(db, receptionNumber),
                  transfer.customerID == customerID else { return nil }
            return TransferView(transfer)
        }
    }

    /// The confirmation behind a 確認画面 (to show it again), for its own customer and session only.
    public func pendingConfirmation(by actor: BankActor, sessionCookie: String, nonce rawNonce: String) async throws -> TransferConfirmation? {
        let customerID = try actor.requireCustomer()
        guard let nonce = try? TransferNonce(validating: rawNonce) else { return nil }
        let now = clock.now()
        return try await database.read { db in
            guard let stored = try await TransferConfirmationRecords.find(db, nonce: nonce.value),
                  stored.customerID == customerID, stored.sessionHash == Self.sha256Hex(sessionCookie), stored.usedAt == nil,
                  now.timeIntervalSince(stored.createdAt) < confirmationLifetime else { return nil }
            return try? JSONDecoder().decode(TransferConfirmation.self, from: Data(stored.details.utf8))
        }
    }

    /// `kyoei admin transfer list`: every transfer (or one customer's), newest first.
    public func list(loginID: String?, limit: Int) async throws -> [TransferView] {
        let customerID = try await loginID.asyncMap { try await bank.counter.customerRecord(loginID: $0).id }
        return try await database.read { db in
            try await TransferRecords.list(db, customerID: customerID, limit: limit).map(TransferView.init)
        }
    }
}
