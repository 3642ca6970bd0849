import Configuration

extension KyoeiConfig {
    /// KYOEI_MAIL_LISTEN (`on`, the default, or `off`): on PostgreSQL, each `kyoei serve` keeps
    /// one connection of its own LISTENing, so mail queued by another server or by `kyoei admin`
    /// goes out at once instead of at the next KYOEI_MAIL_POLL_SECONDS. `off` is for a pooler
    /// that cannot keep a session (PgBouncer in transaction mode): the poll alone then delivers.
    static func mailListenSetting(_ config: ConfigReader) throws -> Bool {
        guard let text = config.string(forKey: "kyoei.mail.listen") else { return true }
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "on", "true", "yes", "1": return true
        case "off", "false", "no", "0": return false
        default: throw ConfigError("KYOEI_MAIL_LISTEN must be on or off (got \"\(text)\")")
        }
    }
}
