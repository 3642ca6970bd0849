import BankAPI
import BankCore
import BankMail
import BankServices
import BankStore
import BankWeb
import Configuration
import Foundation
import Logging
import SystemPackage

/// Every setting, read from the environment and, optionally, a file of `KEY=value` lines
/// (the same keys; the environment wins). README § Configuration lists them.
struct KyoeiConfig {
    var databaseURL: String
    var listenHost: String
    var listenPort: Int
    var publicURL: String
    /// KYOEI_STAFF_LISTEN: the back office on a listener of its own (nil: under /staff of
    /// the customer listener).
    var staffListener: BankApplication.Listener?
    var mailFrom: MailIdentity
    var sessionIdleSeconds: Int
    var sessionMaxSeconds: Int
    /// KYOEI_SESSION_WARNING_SECONDS: how long before the timeout a page warns and offers 「延長する」.
    var sessionWarningSeconds = 120
    var lockoutLimit: Int
    /// KYOEI_HTTP_IDLE_SECONDS: idle connections, and request heads not complete within it, are closed.
    var httpIdleSeconds = 60
    var bankName: String
    /// KYOEI_BANK_SELF_NAME (default: from KYOEI_BANK_NAME, 当組合 for a 信用組合) and
    /// KYOEI_BANK_PHONE: how every screen and mail names the bank and whom they tell to call.
    var bankContact = BankContact.default
    var bankCode: String
    var mail: MailSettings
    var mailRetry: MailRetryPolicy
    /// KYOEI_MAIL_LISTEN: mail queued by another process wakes this one's worker (PostgreSQL LISTEN).
    var mailListen = true
    var otp = OTPSettings()
    var transfers = TransferSettings()
    /// KYOEI_MAJOR_BANKS: the bank codes the 金融機関の検索 screen lists first.
    var majorBankCodes = BankSettings.defaultMajorBankCodes
    /// KYOEI_LOGIN_NOTICE_MIN_INTERVAL_SECONDS: at most one ログインのお知らせ per customer in this time.
    var loginNoticeMinInterval = 60
    /// KYOEI_SECRET_KEYS, or the key file kept beside an embedded SQLite database.
    var secretKeys: SecretKeyRing?
    var secretKeysSource = "none"
    /// KYOEI_HOLIDAYS_FILE: the Cabinet Office's syukujitsu.csv, imported at `kyoei serve` start.
    var holidaysFile: String?
    /// KYOEI_ZENGIN_*: the 全銀 総合振込 export.
    var zengin = ZenginSettings()
    /// KYOEI_TEST_CLOCK_FILE: the tests' clock (nil: the system clock). See KyoeiConfig+TestClock.
    var testClockFile: String?
    /// KYOEI_SHUTDOWN_GRACE_SECONDS: see `readShutdown`.
    var shutdownGraceSeconds = 30
    /// KYOEI_API_MAX_BODY_BYTES, KYOEI_API_ANON_RATE_LIMIT: see `readAPI`.
    var api = APISettings()
    /// KYOEI_LOG_FORMAT, KYOEI_TRUSTED_PROXIES, KYOEI_METRICS_LISTEN: see `readObservability`.
    var logFormat = LogFormat.text
    var trustedProxies = TrustedProxies.none
    var metricsListener: BankApplication.Listener?
    /// KYOEI_DATABASE_POOL_SIZE: see `readDatabase` (nil: the engine's default).
    var databasePoolSize: Int?

    /// KYOEI_TOKEN_APP_LISTEN: the phone token app's own listener (default: the next port on
    /// the bank's host), and KYOEI_TOKEN_APP_URL, the URL phones use for it (default: http://
    /// and that address). An origin of its own, so no script of the banking site can read the key.
    var tokenAppListener = BankApplication.Listener(host: "127.0.0.1", port: 8081)
    var tokenAppURL = "http://127.0.0.1:8081"

    /// KYOEI_STAFF_PUBLIC_URL: the URL staff use for that listener (default: http:// and its
    /// address). Its scheme decides `Secure` on the staff cookie.
    var staffPublicURL: String?

    /// Where the back office is reached, when it has a listener of its own.
    var staffURL: String? {
        guard let staffListener else { return nil }
        return staffPublicURL ?? "http://\(staffListener.host.contains(":") ? "[\(staffListener.host)]" : staffListener.host):\(staffListener.port)"
    }

    static func load(file: String?) async throws -> KyoeiConfig {
        var providers: [any ConfigProvider] = [EnvironmentVariablesProvider()]
        let path = file ?? ProcessInfo.processInfo.environment["KYOEI_CONFIG_FILE"]
        if let path {
            providers.append(try await EnvironmentVariablesProvider(environmentFilePath: FilePath(path)))
        }
        let config = ConfigReader(providers: providers)
        let listen = config.string(forKey: "kyoei.listen", default: "127.0.0.1:8080")
        guard let (host, port) = parseListen(listen) else {
            throw ConfigError("KYOEI_LISTEN must be HOST:PORT (got \(listen))")
        }
        var values = KyoeiConfig(
            databaseURL: config.string(forKey: "kyoei.database.url", default: DatabaseLocation.defaultURL),
            listenHost: host, listenPort: port,
            publicURL: config.string(forKey: "kyoei.public.url", default: "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"),
            mailFrom: .default,
            sessionIdleSeconds: config.int(forKey: "kyoei.session.idle.seconds", default: 600),
            sessionMaxSeconds: config.int(forKey: "kyoei.session.max.seconds", default: 3600),
            lockoutLimit: config.int(forKey: "kyoei.lockout.limit", default: 5),
            bankName: config.string(forKey: "kyoei.bank.name", default: "協栄信用組合"),
            bankCode: config.string(forKey: "kyoei.bank.code", default: "2999"),
            mail: MailSettings(
                url: config.string(forKey: "kyoei.mail.url", default: "maildir://./var/mail"),
                username: config.string(forKey: "kyoei.mail.user"),
                password: config.string(forKey: "kyoei.mail.password", isSecret: true),
                caFile: config.string(forKey: "kyoei.mail.ca.file"),
                heloName: config.string(forKey: "kyoei.mail.helo", default: "localhost"),
                connectTimeout: .seconds(config.int(forKey: "kyoei.mail.connect.timeout.seconds", default: 10)),
                commandTimeout: .seconds(config.int(forKey: "kyoei.mail.command.timeout.seconds", default: 60))),
            mailRetry: MailRetryPolicy(
                maxAttempts: config.int(forKey: "kyoei.mail.max.attempts", default: 8),
                baseDelay: TimeInterval(config.int(forKey: "kyoei.mail.retry.base.seconds", default: 30)),
                maxDelay: TimeInterval(config.int(forKey: "kyoei.mail.retry.max.seconds", default: 3600)),
                lease: TimeInterval(config.int(forKey: "kyoei.mail.lease.seconds", default: 300)),
                pollInterval: TimeInterval(config.int(forKey: "kyoei.mail.poll.seconds", default: 5))))
        if let staffListen = config.string(forKey: "kyoei.staff.listen"), !staffListen.isEmpty {
            guard let (staffHost, staffPort) = parseListen(staffListen) else {
                throw ConfigError("KYOEI_STAFF_LISTEN must be HOST:PORT (got \(staffListen))")
            }
            guard staffHost != host || staffPort != port else {
                throw ConfigError("KYOEI_STAFF_LISTEN must differ from KYOEI_LISTEN (got \(staffListen) for both)")
            }
            values.staffListener = BankApplication.Listener(host: staffHost, port: staffPort)
            values.staffPublicURL = config.string(forKey: "kyoei.staff.public.url")
        }
        try values.readTokenApp(config)
        guard values.sessionIdleSeconds > 0, values.sessionMaxSeconds >= values.sessionIdleSeconds else {
            throw ConfigError("KYOEI_SESSION_IDLE_SECONDS must be > 0 and at most KYOEI_SESSION_MAX_SECONDS")
        }
        values.sessionWarningSeconds = config.int(forKey: "kyoei.session.warning.seconds", default: 120)
        guard (1...values.sessionIdleSeconds).contains(values.sessionWarningSeconds) else {
            throw ConfigError("KYOEI_SESSION_WARNING_SECONDS must be 1…KYOEI_SESSION_IDLE_SECONDS")
        }
        values.httpIdleSeconds = config.int(forKey: "kyoei.http.idle.seconds", default: 60)
        guard (1...3600).contains(values.httpIdleSeconds) else { throw ConfigError("KYOEI_HTTP_IDLE_SECONDS must be 1…3600") }
        guard (1...100).contains(values.lockoutLimit) else { throw ConfigError("KYOEI_LOCKOUT_LIMIT must be 1…100") }
        if let text = config.string(forKey: "kyoei.mail.from") {
            guard let identity = MailIdentity(parsing: text) else {
                throw ConfigError("KYOEI_MAIL_FROM must be an address or \"Name\" <address> (got \(text))")
            }
            values.mailFrom = identity
        }
        let setupDays = config.int(forKey: "kyoei.otp.setup.days", default: 7)
        guard (1...90).contains(setupDays) else { throw ConfigError("KYOEI_OTP_SETUP_DAYS must be 1…90") }
        values.otp = OTPSettings(serviceID: config.string(forKey: "kyoei.otp.service.id", default: "KYOEI-IB"),
                                 setupPeriod: TimeInterval(setupDays * 86_400))
        values.transfers = try transferSettings(config)
        values.loginNoticeMinInterval = config.int(forKey: "kyoei.login.notice.min.interval.seconds", default: 60)
        guard (0...86_400).contains(values.loginNoticeMinInterval) else {
            throw ConfigError("KYOEI_LOGIN_NOTICE_MIN_INTERVAL_SECONDS must be 0…86400")
        }
        values.holidaysFile = config.string(forKey: "kyoei.holidays.file").flatMap { $0.isEmpty ? nil : $0 }
        values.zengin = try zenginSettings(config)
        try values.readShutdown(config)
        try values.readDatabase(config)
        try values.readAPI(config)
        try values.readObservability(config)
        if let text = config.string(forKey: "kyoei.major.banks") {
            let codes = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard codes.allSatisfy({ (try? BankCode(validating: $0))?.value == $0 }) else {
                throw ConfigError("KYOEI_MAJOR_BANKS must be 4-digit bank codes separated by commas, e.g. 0001,0005 (got \"\(text)\")")
            }
            values.majorBankCodes = codes
        }
        if let text = config.string(forKey: "kyoei.secret.keys", isSecret: true) {
            do { values.secretKeys = try SecretKeyRing.parse(text) } catch {
                throw ConfigError("KYOEI_SECRET_KEYS: \(error) (format: id:BASE64-32-BYTES[,older-id:KEY…]; make one with `kyoei secret-key`)")
            }
            values.secretKeysSource = "KYOEI_SECRET_KEYS"
        } else if case .sqlite(let path) = try DatabaseLocation(url: values.databaseURL) {
            let file = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("secret-keys").path
            values.secretKeys = try LocalKeyFile.loadOrCreate(file)
            values.secretKeysSource = file
        }
        guard values.mailRetry.lease > 0, values.mailRetry.pollInterval > 0, values.mailRetry.baseDelay >= 0 else {
            throw ConfigError("KYOEI_MAIL_LEASE_SECONDS and KYOEI_MAIL_POLL_SECONDS must be > 0")
        }
        values.mailListen = try mailListenSetting(config)
        // 当組合 / 当金庫 / 当行: KYOEI_BANK_SELF_NAME, or what the bank's name says it is. One
        // bank per process, so the word is set for the whole process (screens and mails).
        let selfName = config.string(forKey: "kyoei.bank.self.name")?.trimmingCharacters(in: .whitespaces) ?? ""
        guard selfName.count <= 10, !selfName.contains(where: { $0.isNewline || $0 == "{" || $0 == "}" }) else {
            throw ConfigError("KYOEI_BANK_SELF_NAME must be a short word such as 当組合, 当金庫 or 当行 (got \(selfName))")
        }
        let phone = config.string(forKey: "kyoei.bank.phone")?.trimmingCharacters(in: .whitespaces) ?? ""
        guard phone.isEmpty || phone.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-" || $0 == "+") }) else {
            throw ConfigError("KYOEI_BANK_PHONE must be a telephone number such as 0256-61-1506 (got \(phone))")
        }
        values.bankContact = BankContact(
            selfName: selfName.isEmpty ? .derived(fromBankName: values.bankName) : .configured(selfName),
            phone: phone.isEmpty ? BankContact.defaultPhone : phone)
        BankContact.configure(values.bankContact)
        values.testClockFile = try testClockFile(config, values)
        return values
    }

    /// KYOEI_TRANSFER_DAILY_LIMIT, KYOEI_TRANSFER_FEES and KYOEI_TRANSFER_NAME_LOOKUPS_PER_HOUR. A bad value stops every command at
    /// start: better than charging a fee nobody meant.
    static func transferSettings(_ config: ConfigReader) throws -> TransferSettings {
        var transfers = TransferSettings()
        if let text = config.string(forKey: "kyoei.transfer.daily.limit") {
            do { transfers.dailyLimit = try TransferLimit.parseLimit(text) } catch {
                throw ConfigError("KYOEI_TRANSFER_DAILY_LIMIT must be a whole number of yen from 1 to 100,000,000, e.g. 1,000,000 (got \"\(text)\")")
            }
        }
        if let text = config.string(forKey: "kyoei.transfer.fees") {
            do { transfers.fees = try FeeTable.parse(text) } catch { throw ConfigError(error.description) }
        }
        if let text = config.string(forKey: "kyoei.transfer.name.lookups.per.hour") {
            guard let count = Int(text.trimmingCharacters(in: .whitespaces)), (1...10_000).contains(count) else {
                throw ConfigError("KYOEI_TRANSFER_NAME_LOOKUPS_PER_HOUR must be a whole number from 1 to 10,000 (got \"\(text)\")")
            }
            transfers.nameLookupsPerHour = count
        }
        try limitRaiseSettings(config, into: &transfers)
        try scheduleSettings(config, into: &transfers)
        return transfers
    }

    static func parseListen(_ text: String) -> (String, Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            return nil
        }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host.isEmpty ? nil : (host, port)
    }

    /// The web layer's settings of the customer listener, and of the staff listener when it has one.
    var webSettings: WebSettings {
        var settings = WebSettings(publicURL: publicURL, connectionIdleTimeout: .seconds(httpIdleSeconds))
        settings.api = api
        settings.trustedProxies = trustedProxies
        return settings
    }

    var staffWebSettings: WebSettings? {
        staffURL.map {
            var settings = WebSettings(publicURL: $0, connectionIdleTimeout: .seconds(httpIdleSeconds))
            settings.trustedProxies = trustedProxies
            return settings
        }
    }

    var settings: BankSettings {
        var settings = BankSettings(
            bankName: bankName, bankCode: bankCode, lockout: LockoutPolicy(limit: lockoutLimit),
            sessions: SessionPolicy(idleTimeout: TimeInterval(sessionIdleSeconds), absoluteTimeout: TimeInterval(sessionMaxSeconds),
                                    warningLead: TimeInterval(sessionWarningSeconds)),
            mailFrom: mailFrom, publicURL: publicURL, otp: otp, secretKeys: secretKeys)
        settings.transfers = transfers
        settings.tokenAppURL = tokenAppURL
        settings.majorBankCodes = majorBankCodes
        settings.zengin = zengin
        settings.loginNoticeMinInterval = TimeInterval(loginNoticeMinInterval)
        return settings
    }

    /// Opens the database, applies pending migrations and returns the bank's use cases.
    func openBank(logger: Logger) async throws -> Bank {
        let location = try DatabaseLocation(url: databaseURL)
        let database = try await BankDatabases.open(location, poolSize: databasePoolSize, logger: logger)
        do {
            // Several servers starting at once on one database: the log says which one applied what.
            let applied = try await Migrator.migrate(database)
            if !applied.isEmpty { logger.info("applied migrations", metadata: ["versions": "\(applied.map(String.init).joined(separator: ","))"]) }
            let clock: any BankClock = testClockFile.map(FileTestClock.init(path:)) ?? SystemClock()
            if let testClockFile { logger.warning("TEST CLOCK: the bank's time is read from KYOEI_TEST_CLOCK_FILE \(testClockFile)") }
            let bank = Bank(database: database, clock: clock, settings: settings, logger: logger)
            // The bundled holiday list fills years the database does not have yet.
            try await bank.calendar.seedBundled()
            return bank
        } catch {
            await database.close()
            throw error
        }
    }

    /// The delivery worker for the configured mail transport.
    func mailWorker(bank: Bank, logger: Logger) throws -> MailDeliveryWorker {
        let transport = try MailTransports.make(mail, logger: logger)
        return MailDeliveryWorker(bank: bank, transport: transport, policy: mailRetry, listensToOtherProcesses: mailListen)
    }
}

struct ConfigError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
