import BankCore
import BankStore
import Foundation
import SQLKit

/// A back-office form's one-time token, ready to be claimed in the transaction that creates
/// what the form asks for (口座開設, 顧客新規登録). Only its SHA-256 is stored.
struct StaffFormClaim: Sendable {
    let tokenHash: String
    let staffRowID: Int64
    let purpose: StaffFormPurpose

    /// Claims the token first thing in the creating transaction; `StaffFormTokenSpent` (which
    /// rolls the transaction back) when another submission of the same form got it first.
    func take(_ db: any SQLDatabase, at now: Date) async throws {
        guard try await StaffFormTokenRecords.claim(db, tokenHash: tokenHash, staffRowID: staffRowID, purpose: purpose,
                                                    at: now) else { throw StaffFormTokenSpent() }
    }

    /// Records what was created, in the same transaction as the claim.
    func record(_ db: any SQLDatabase, result id: Int64) async throws {
        try await StaffFormTokenRecords.setResult(db, tokenHash: tokenHash, result: String(id))
    }
}
