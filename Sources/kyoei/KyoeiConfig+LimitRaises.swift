import BankCore
import BankServices
import Configuration

extension KyoeiConfig {
    /// KYOEI_LIMIT_RAISE_DELAY, KYOEI_LIMIT_CEILING and KYOEI_LIMIT_CEILING_NO_FACTOR (振込限度額変更).
    /// A bad value stops every command at start.
    static func limitRaiseSettings(_ config: ConfigReader, into transfers: inout TransferSettings) throws {
        if let text = config.string(forKey: "kyoei.limit.raise.delay") {
            guard let delay = LimitRaiseDelay(setting: text) else {
                throw ConfigError("KYOEI_LIMIT_RAISE_DELAY must be next-business-day or a number of seconds from 1 to 2592000 (got \"\(text)\")")
            }
            transfers.raiseDelay = delay
        }
        let ceilings = [(config.string(forKey: "kyoei.limit.ceiling"), "KYOEI_LIMIT_CEILING", false),
                        (config.string(forKey: "kyoei.limit.ceiling.no.factor"), "KYOEI_LIMIT_CEILING_NO_FACTOR", true)]
        for (value, name, noFactor) in ceilings {
            guard let text = value else { continue }
            guard let amount = try? TransferLimit.parseLimit(text) else {
                throw ConfigError("\(name) must be a whole number of yen from 1 to 100,000,000, e.g. 10,000,000 (got \"\(text)\")")
            }
            if noFactor { transfers.ceilings.noExtraFactor = amount } else { transfers.ceilings.withExtraFactor = amount }
        }
        guard transfers.ceilings.noExtraFactor <= transfers.ceilings.withExtraFactor else {
            throw ConfigError("KYOEI_LIMIT_CEILING_NO_FACTOR may not be above KYOEI_LIMIT_CEILING")
        }
    }
}
