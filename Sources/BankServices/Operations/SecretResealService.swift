import BankCore
import BankStore
import Foundation

/// How many values one column holds under each key of the ring, and under keys the ring no
/// longer has (`other`: those cannot be opened or compared any more).
public struct SecretColumnStatus: Sendable, Codable, Equatable {
    public var column: String
    public var total: Int
    public var byKey: [String: Int]
    public var other: Int
}

/// `kyoei admin secrets status`.
public struct SecretStatus: Sendable, Codable, Equatable {
    /// The ring, sealing key first.
    public var keyIDs: [String]
    public var sealed: [SecretColumnStatus]
    /// Keyed hashes still waiting to be compared; they keep needing their key until used or expired.
    public var hashes: [SecretColumnStatus]

    /// Sealed values not yet under the first key.
    public var notUnderCurrentKey: Int { sealed.reduce(0) { $0 + $1.total - ($1.byKey[keyIDs[0]] ?? 0) } }
}

/// One batch of `kyoei admin secrets reseal`, as it is printed and audited.
public struct ResealBatch: Sendable, Codable, Equatable {
    public var column: String
    public var resealed: Int
    /// Changed by the bank between the read and the write (a token set up meanwhile): left as it is.
    public var skipped: Int
    /// Ids that could not be opened (key no longer in the ring, or tampered): never written.
    public var unreadable: [Int64]
    public var lastID: Int64
}

public struct ResealReport: Sendable, Codable, Equatable {
    public var keyID: String
    public var resealed: Int
    public var skipped: Int
    public var unreadable: [String]
    public var after: SecretStatus
}

/// Key rotation: re-seals every sealed secret under the first key of `KYOEI_SECRET_KEYS`.
/// Safe while the bank serves: batches are read without a lock, sealed outside any
/// transaction, and written in one short transaction per batch, each row replaced only if it
/// still holds the value read. Resumable by construction: a run looks only at values not under
/// the first key, so a second run continues where the first stopped and redoes nothing.
public struct SecretResealService: BankUseCase {
    public let context: BankContext

    public init(context: BankContext) {
        self.context = context
    }

    public func status(by actor: BankActor) async throws -> SecretStatus {
        try actor.requireOperator()
        let keys = try requireSecretKeys()
        return try await database.read { db in
            var status = SecretStatus(keyIDs: keys.keyIDs, sealed: [], hashes: [])
            for column in SealedColumn.allCases {
                let counted = try await SealedSecretRecords.count(db, column, keyIDs: keys.keyIDs)
                status.sealed.append(Self.columnStatus(column.name, counted))
            }
            for column in KeyedHashColumn.allCases {
                let counted = try await SealedSecretRecords.count(db, column, keyIDs: keys.keyIDs)
                status.hashes.append(Self.columnStatus(column.name, counted))
            }
            return status
        }
    }

    public func reseal(batchSize: Int = 100, pause: Duration = .milliseconds(20), by actor: BankActor,
                       progress: (ResealBatch) -> Void = { _ in }) async throws -> ResealReport {
        try actor.requireOperator()
        let keys = try requireSecretKeys()
        var report = ResealReport(keyID: keys.currentKeyID, resealed: 0, skipped: 0, unreadable: [],
                                  after: SecretStatus(keyIDs: keys.keyIDs, sealed: [], hashes: []))
        for column in SealedColumn.allCases {
            var afterID: Int64 = 0
            while true {
                let rows = try await database.read { db in
                    try await SealedSecretRecords.notUnder(db, column, keyID: keys.currentKeyID, afterID: afterID, limit: max(1, batchSize))
                }
                guard let last = rows.last else { break }
                let batch = try await resealBatch(rows, column, keys: keys, actor: actor)
                report.resealed += batch.resealed
                report.skipped += batch.skipped
                report.unreadable += batch.unreadable.map { "\(column.name)#\($0)" }
                progress(batch)
                afterID = last.id
                // Leaves the writer to the bank's own transactions between batches.
                try await Task.sleep(for: pause)
            }
        }
        report.after = try await status(by: actor)
        return report
    }

    private func resealBatch(_ rows: [SealedSecretRow], _ column: SealedColumn, keys: SecretKeyRing,
                             actor: BankActor) async throws -> ResealBatch {
        var batch = ResealBatch(column: column.name, resealed: 0, skipped: 0, unreadable: [], lastID: rows.last?.id ?? 0)
        var fresh: [(row: SealedSecretRow, sealed: String)] = []
        for row in rows {
            let context = Self.sealContext(column, owner: row.owner)
            guard let secret = try? keys.open(row.sealed, associatedData: context) else {
                batch.unreadable.append(row.id)
                continue
            }
            fresh.append((row, try keys.seal(secret, associatedData: context)))
        }
        let now = clock.now()
        let written = try await database.transaction { db in
            var written = 0
            for (row, sealed) in fresh where try await SealedSecretRecords.replace(db, column, id: row.id, old: row.sealed, new: sealed) {
                written += 1
            }
            try await AuditRecords.write(db, .secretsResealed, batch.unreadable.isEmpty ? .success : .failure, by: AuditActor(actor),
                detail: [.field(.kind, column.name), .field(.keyID, keys.currentKeyID), .field(.count, written),
                         .field(.refused, batch.unreadable.count), .field(.to, batch.lastID)],
                at: now)
            return written
        }
        batch.resealed = written
        batch.skipped = fresh.count - written
        if !batch.unreadable.isEmpty {
            logger.warning("sealed secrets that cannot be opened with KYOEI_SECRET_KEYS",
                           metadata: ["column": "\(column.name)", "ids": "\(batch.unreadable)"])
        }
        return batch
    }

    /// The associated data each column seals with (the same the bank's own use cases use).
    static func sealContext(_ column: SealedColumn, owner: String) -> [UInt8] {
        switch column {
        case .otpTokenSeeds: tokenSecretContext(Int64(owner) ?? -1)
        case .staffTOTPSeeds: StaffService.staffSecretContext(owner)
        }
    }

    private static func columnStatus(_ column: String, _ counted: (byKey: [String: Int], total: Int)) -> SecretColumnStatus {
        SecretColumnStatus(column: column, total: counted.total, byKey: counted.byKey,
                           other: counted.total - counted.byKey.values.reduce(0, +))
    }
}
