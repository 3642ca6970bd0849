import Configuration
import Foundation

extension KyoeiConfig {
    /// KYOEI_TEST_CLOCK_FILE: the browser tests move the bank's clock (a 予約取消 after the
    /// deadline, a run on the 振込指定日). A wrong clock in a real bank would date audit rows,
    /// postings and mails wrongly and open or close deadlines, so it cannot be switched on by
    /// accident: it is read from the process environment only (a KYOEI_CONFIG_FILE copied
    /// from a test machine that carries it stops the command), and refused unless the bank is
    /// reachable from this machine only, over plain http — KYOEI_LISTEN (and KYOEI_STAFF_LISTEN)
    /// on a loopback address and KYOEI_PUBLIC_URL (and KYOEI_STAFF_PUBLIC_URL) `http://` to a
    /// loopback host. A bank that serves customers has an https public URL, so it never qualifies.
    static func testClockFile(_ config: ConfigReader, _ values: KyoeiConfig) throws -> String? {
        let fromEnvironment = ProcessInfo.processInfo.environment["KYOEI_TEST_CLOCK_FILE"] ?? ""
        if fromEnvironment.isEmpty {
            if let fromFile = config.string(forKey: "kyoei.test.clock.file"), !fromFile.isEmpty {
                throw ConfigError("KYOEI_TEST_CLOCK_FILE is for tests and is accepted from the environment only, never from KYOEI_CONFIG_FILE")
            }
            return nil
        }
        let hosts = [values.listenHost, values.staffListener?.host].compactMap { $0 }
        let urls = [values.publicURL, values.staffURL].compactMap { $0 }
        guard hosts.allSatisfy(isLoopback), urls.allSatisfy(isLoopbackHTTP) else {
            throw ConfigError("""
                KYOEI_TEST_CLOCK_FILE moves the bank's clock for tests and is refused here: it needs KYOEI_LISTEN \
                (and KYOEI_STAFF_LISTEN) on a loopback address and KYOEI_PUBLIC_URL (and KYOEI_STAFF_PUBLIC_URL) \
                http:// to a loopback host, which a bank serving customers never has
                """)
        }
        let content = (try? String(contentsOfFile: fromEnvironment, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard FileTestClock.offset(content, real: Date()) != nil else {
            throw ConfigError("KYOEI_TEST_CLOCK_FILE must hold seconds to add (e.g. 86400) or an instant (e.g. 2026-12-08T00:30:00+09:00); got \"\(content.prefix(40))\"")
        }
        return fromEnvironment
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    static func isLoopbackHTTP(_ url: String) -> Bool {
        guard let components = URLComponents(string: url), components.scheme == "http", var host = components.host else { return false }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return isLoopback(host)
    }
}
