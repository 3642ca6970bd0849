import BankStore
import Configuration

extension KyoeiConfig {
    /// KYOEI_DATABASE_POOL_SIZE (PostgreSQL only, 1…500; default
    /// `PostgresBankDatabase.defaultPoolSize`): the most connections this process holds at once.
    /// Requests beyond it wait for a connection (the `kyoei_database_connections` gauge counts
    /// them). Several processes on one server: their pools together must stay under the
    /// server's `max_connections`.
    mutating func readDatabase(_ config: ConfigReader) throws {
        guard let size = config.int(forKey: "kyoei.database.pool.size") else { return }
        guard (1...500).contains(size) else { throw ConfigError("KYOEI_DATABASE_POOL_SIZE must be 1…500 (got \(size))") }
        databasePoolSize = size
    }
}
