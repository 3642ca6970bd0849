import BankAPI
import Configuration

extension KyoeiConfig {
    /// KYOEI_API_MAX_BODY_BYTES (default 65536: the largest request of the API, a payee with
    /// its names, is well under 1 KiB) and KYOEI_API_ANON_RATE_LIMIT (`REQUESTS/SECONDS` per
    /// client address for requests without a live session; default 30/60, see
    /// `APIRateLimit.standard`).
    mutating func readAPI(_ config: ConfigReader) throws {
        let maxBody = config.int(forKey: "kyoei.api.max.body.bytes", default: APISettings.defaultMaxBodyBytes)
        guard (1_024...16_777_216).contains(maxBody) else {
            throw ConfigError("KYOEI_API_MAX_BODY_BYTES must be 1024…16777216 (got \(maxBody))")
        }
        var limit = APIRateLimit.standard
        if let text = config.string(forKey: "kyoei.api.anon.rate.limit"), !text.isEmpty {
            guard let parsed = APIRateLimit(parsing: text) else {
                throw ConfigError("KYOEI_API_ANON_RATE_LIMIT must be REQUESTS/SECONDS, e.g. 30/60 (got \(text))")
            }
            limit = parsed
        }
        api = APISettings(maxBodyBytes: maxBody, anonymousRateLimit: limit)
    }
}
