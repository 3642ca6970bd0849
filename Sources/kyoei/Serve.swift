import ArgumentParser
import BankServices
import BankWeb
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the bank: migrate, then serve the web site.")
    @OptionGroup var common: CommonOptions
    @Flag(name: .long, help: "Create the demo customer if missing and print its login.") var demo = false

    func run() async throws {
        let config = try await common.load()
        ServeLogging.bootstrap(config.logFormat)
        let metricsRegistry = config.metricsListener.map { _ in ServeMetrics.bootstrap() }
        let logger = common.logger()
        // Token seeds cannot be kept without a key: better not to start than to refuse later.
        guard config.secretKeys != nil else {
            throw ConfigError("KYOEI_SECRET_KEYS must be set for this database (`kyoei secret-key` prints a new key)")
        }
        let bank = try await config.openBank(logger: logger)
        do {
            try await ServeHolidays.prepare(bank, file: config.holidaysFile)
            if demo {
                let result = try await bank.demo.seed()
                print(DemoBanner.text(result, url: config.publicURL, staffURL: config.staffURL, tokenAppURL: config.tokenAppURL))
            }
            let renderer = try await PageRenderer.load()
            let web = BankApplication.services(
                bank: bank, settings: config.webSettings, renderer: renderer,
                customer: .init(host: config.listenHost, port: config.listenPort), staff: config.staffListener,
                staffSettings: config.staffWebSettings, tokenApp: config.tokenAppListener, tokenAppShell: try TokenAppShell.load(),
                logger: logger)
            let mailWorker = try config.mailWorker(bank: bank, logger: logger)
            bank.mailNotifier.onEnqueue { mailWorker.wake() }
            // Shutdown runs backwards through this list, one service after the other: the
            // listeners stop accepting and answer what they accepted, then the scheduler ends
            // between bookings, then the sweeper, and the mail worker last (finishing the mail it
            // is sending, and any mail those requests queued). Then the database is closed.
            let metrics: [any Service] = zip(config.metricsListener.map { [$0] } ?? [], metricsRegistry.map { [$0] } ?? []).map {
                ServeMetrics.service(bank: bank, registry: $1, listener: $0, logger: logger)
            }
            var configuration = ServiceGroupConfiguration(
                services: [.init(service: mailWorker), .init(service: SessionSweeper(bank: bank, logger: logger)),
                           .init(service: TransferScheduler(bank: bank, logger: logger))] + web.map { .init(service: $0) }
                    + metrics.map { .init(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            configuration.maximumGracefulShutdownDuration = .seconds(config.shutdownGraceSeconds)
            // Past the grace everything is cancelled; this bounds that too, so the process ends.
            configuration.maximumCancellationDuration = .seconds(10)
            let group = ServiceGroup(configuration: configuration)
            if let staff = config.staffListener {
                print("事務管理部 (back office) listening on http://\(staff.host):\(staff.port)/staff only (KYOEI_STAFF_LISTEN)")
            }
            if let metricsListener = config.metricsListener {
                print("metrics listening on http://\(metricsListener.host):\(metricsListener.port)/metrics (KYOEI_METRICS_LISTEN)")
            }
            let tokenApp = config.tokenAppListener
            print("token app (phone) listening on http://\(tokenApp.host):\(tokenApp.port) (KYOEI_TOKEN_APP_URL \(config.tokenAppURL))")
            print("listening on http://\(config.listenHost):\(config.listenPort) (public URL \(config.publicURL), database \(bank.database.engine.rawValue), mail \(config.mail))")
            // stdout may be a pipe or file: flush so scripts see the demo login at once.
            fflush(nil)
            try await group.run()
        } catch {
            await bank.database.close()
            throw error
        }
        // HTTP has stopped accepting and drained, the workers have stopped: only now is the
        // database closed (on SQLite the WAL is checkpointed into the file).
        await bank.database.close()
        logger.info("stopped: every service ended, database closed")
    }
}

/// Ends timed-out sessions every minute so their audit rows are written even when the
/// customer never comes back.
struct SessionSweeper: Service {
    let bank: Bank
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let ended = try await bank.sessions.sweepExpired()
                    if ended > 0 { logger.info("ended \(ended) expired sessions") }
                    let endedStaff = try await bank.staffSessions.sweepExpired()
                    if endedStaff > 0 { logger.info("ended \(endedStaff) expired staff sessions") }
                    let expired = try await bank.otp.expireOverdueTokens()
                    if expired > 0 { logger.info("expired \(expired) tokens not set up in time") }
                } catch {
                    logger.error("session sweep failed: \(error)")
                }
                try? await Task.sleep(for: .seconds(60))
            }
        }
    }
}
