import SQLKit

extension Migrator {
    /// The migrations of `migrations` the database has not applied yet (a node started on a
    /// database behind its build, before or while another node migrates it). Versions the
    /// database has beyond this build's (a newer node ran first) are not this node's concern.
    public static func pendingVersions(_ database: any BankDatabase, migrations: [Migration] = Migrations.all) async throws -> [Int] {
        let applied = try await database.read { db in
            Set(try await db.raw("SELECT version FROM schema_version").all().map { try $0.decode(column: "version", as: Int.self) })
        }
        return migrations.map(\.version).filter { !applied.contains($0) }.sorted()
    }
}
