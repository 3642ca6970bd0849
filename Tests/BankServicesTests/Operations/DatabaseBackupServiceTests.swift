import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// `kyoei admin backup`'s use case: on SQLite a copy taken while deposits go on, checked and
/// renamed into place, holding every posting committed before it began and verifying on its
/// own; an existing file kept; on PostgreSQL refused (pg_dump is the procedure) and audited.
@Suite struct DatabaseBackupServiceTests {
    static func folder() throws -> String {
        let path = NSTemporaryDirectory() + "kyoei-backup-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test(arguments: TestDatabases.engines)
    func copiesWhileWritingAndTheCopyStandsAlone(engine: DatabaseEngine) async throws {
        try await TestDatabases.withBank(engine) { bank in
            let seeded = try await SeededCustomer.create(bank)
            let deposit = { @Sendable (n: Int) async throws -> Int64 in
                try await bank.counter.post(.deposit, branch: seeded.ordinary.branchCode, accountNumber: seeded.ordinary.accountNumber,
                                            amount: "\(n + 1)", by: .operator(name: "test")).transactionID
            }
            let folder = try Self.folder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let out = folder + "/kyoei.backup"
            guard engine == .sqlite else {
                await #expect(throws: DatabaseBackupError.self) {
                    _ = try await bank.backups.backup(to: out, replacing: false, by: .operator(name: "test"))
                }
                #expect(!FileManager.default.fileExists(atPath: out))
                let audit = try await bank.database.read { db in try await AuditRecords.list(db, event: "database_backup") }
                #expect(audit.contains { $0.event == "database_backup" && $0.result == .failure })
                return
            }
            var committed: [Int64] = []
            for n in 0..<20 { committed.append(try await deposit(n)) }
            // Deposits keep coming while the copy is taken.
            let writer = Task { var ids: [Int64] = []; for n in 20..<220 { ids.append(try await deposit(n)) }; return ids }
            let report = try await bank.backups.backup(to: out, replacing: false, by: .operator(name: "test"))
            let later = try await writer.value
            #expect(report.integrity == "ok" && report.ledger.isConsistent && report.pages > 0)
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["kyoei.backup"], "no scratch file left")

            let copy = try await SQLiteBankDatabase.open(path: out, logger: TestDatabases.logger)
            let inCopy = try await copy.read { db in
                try await db.raw("SELECT id FROM ledger_transactions").all().map { try $0.decode(column: "id", as: Int64.self) }
            }
            let verified = try await copy.snapshot { db in try await LedgerRecords.verify(db) }
            await copy.close()
            #expect(Set(committed).isSubset(of: Set(inCopy)), "every posting committed before the backup is in it")
            #expect(verified.isConsistent && verified.transactions == report.ledger.transactions)

            // An existing file is kept unless replacing is asked for.
            await #expect(throws: DatabaseBackupError.self) {
                _ = try await bank.backups.backup(to: out, replacing: false, by: .operator(name: "test"))
            }
            let replaced = try await bank.backups.backup(to: out, replacing: true, by: .operator(name: "test"))
            #expect(replaced.ledger.transactions >= committed.count + later.count)
            let audit = try await bank.database.read { db in try await AuditRecords.list(db, event: "database_backup") }
            #expect(audit.map(\.result) == [.success, .failure, .success], "newest first: replaced, refused, first")
        }
    }
}
