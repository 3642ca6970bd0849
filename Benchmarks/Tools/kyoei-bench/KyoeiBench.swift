import ArgumentParser
import Foundation

/// The load driver behind scripts/bench: it builds fixtures straight into the database,
/// measures transfers in-process through the services layer, and drives the real server
/// over HTTP for the flows that need state (sessions, CSRF tokens, one-time codes).
/// Each measuring subcommand prints one JSON line per result (see `RunResult`).
@main
struct KyoeiBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kyoei-bench",
        abstract: "Load driver for scripts/bench (fixtures, transfers, HTTP flows, hash bound).",
        subcommands: [CoreRun.self, Setup.self, TransferRun.self, FsyncRun.self, HTTPRun.self, VerifyLedger.self])
}

/// Where the bank's database is, the same URL forms as KYOEI_DATABASE_URL.
struct DatabaseOption: ParsableArguments {
    @Option(name: .long, help: "sqlite:///path or postgres://user@host:port/db (default: $KYOEI_DATABASE_URL)")
    var database: String?

    var url: String {
        get throws {
            if let database { return database }
            if let url = ProcessInfo.processInfo.environment["KYOEI_DATABASE_URL"] { return url }
            throw ValidationError("--database or KYOEI_DATABASE_URL is required")
        }
    }
}
