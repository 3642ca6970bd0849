import BankCore
import BankServices
import Configuration

extension KyoeiConfig {
    /// KYOEI_ZENGIN_ENCODING (`jis`, the default, or `sjis`), KYOEI_ZENGIN_CRLF (`0`/`1`) and
    /// KYOEI_ZENGIN_REQUESTER_CODE (up to 10 digits): how the 全銀 総合振込 file is written.
    static func zenginSettings(_ config: ConfigReader) throws -> ZenginSettings {
        var zengin = ZenginSettings()
        if let text = config.string(forKey: "kyoei.zengin.encoding") {
            guard let encoding = ZenginEncoding(rawValue: text.lowercased().replacingOccurrences(of: "_", with: "")
                .replacingOccurrences(of: "shiftjis", with: "sjis")) else {
                throw ConfigError("KYOEI_ZENGIN_ENCODING must be jis (JIS X 0201) or sjis (Shift_JIS) (got \"\(text)\")")
            }
            zengin.encoding = encoding
        }
        if let text = config.string(forKey: "kyoei.zengin.crlf") {
            switch text.lowercased() {
            case "1", "true", "yes", "on": zengin.lineEnding = true
            case "0", "false", "no", "off", "": zengin.lineEnding = false
            default: throw ConfigError("KYOEI_ZENGIN_CRLF must be 1 or 0 (got \"\(text)\")")
            }
        }
        if let text = config.string(forKey: "kyoei.zengin.requester.code") {
            guard (1...10).contains(text.count), text.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw ConfigError("KYOEI_ZENGIN_REQUESTER_CODE must be 1 to 10 digits (got \"\(text)\")")
            }
            zengin.requesterCode = text
        }
        return zengin
    }
}
