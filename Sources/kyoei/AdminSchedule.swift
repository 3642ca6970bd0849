import ArgumentParser
import BankCore
import BankServices
import Foundation

/// `kyoei admin schedule …`: 予約振込. `kyoei serve` runs the due bookings by itself from
/// KYOEI_SCHEDULE_HOUR (JST); `run` does the same by hand (after an outage, or in a test with
/// a given day), safely alongside running servers: each booking runs exactly once.
struct ScheduleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule", abstract: "Scheduled transfers (予約振込): list the waiting ones, run the due ones.",
        subcommands: [RunSchedule.self, ListSchedule.self])
}

struct RunSchedule: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run every booking due on or before --date (default: today in JST): funds checked now; short → 残高不足 and a mail.")
    @OptionGroup var options: AdminOptions
    @Option(name: .long, help: "The run's day, YYYY-MM-DD (JST). Bookings of earlier days still waiting run too (late).") var date: String?

    struct EntryView: Encodable {
        var receptionNumber: String
        var scheduledFor: String
        var status: String
        var late: Bool
        enum CodingKeys: String, CodingKey { case receptionNumber = "reception_number", scheduledFor = "scheduled_for", status, late }
    }

    func run() async throws {
        var given: JapanTime.Day?
        if let date {
            guard let parsed = JapanTime.Day(iso: date) else {
                throw options.usageError(field: "date", ja: "日付は YYYY-MM-DD で指定してください", en: "give the date as YYYY-MM-DD")
            }
            given = parsed
        }
        let chosen = given
        // Today by the bank's clock (the tests' clock when KYOEI_TEST_CLOCK_FILE is on).
        let report = try await options.perform { bank in
            try await bank.scheduledTransfers.run(day: chosen ?? JapanTime.Day(containing: bank.clock.now()),
                                                  by: .operator(name: options.staffName))
        }
        let day = report.day
        let views = report.entries.map { EntryView(receptionNumber: $0.receptionNumber, scheduledFor: $0.scheduledFor,
                                                   status: $0.status.rawValue, late: $0.late) }
        let lines = views.map { "受付番号 \($0.receptionNumber) 振込指定日 \($0.scheduledFor) → \($0.status)\($0.late ? " (late 遅延)" : "")" }
        Output.emit(json: options.json, value: RunOutput(day: day.iso, executed: report.executed, failed: report.failed, entries: views),
                    text: (["予約振込を実行しました (scheduled transfers run) \(day.iso): 実行 \(report.executed) 件, 不能 \(report.failed) 件"] + lines)
                        .joined(separator: "\n"))
    }

    struct RunOutput: Encodable {
        var day: String
        var executed: Int
        var failed: Int
        var entries: [EntryView]
    }
}

struct ListSchedule: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Every booking still waiting (予約中), nearest 振込指定日 first.")
    @OptionGroup var options: AdminOptions
    @Option(name: .long, help: "At most this many.") var limit: Int = 500

    func run() async throws {
        let waiting = try await options.perform { bank in try await bank.scheduledTransfers.allWaiting(limit: limit) }
        let views = waiting.map(TransferOutput.init)
        Output.emit(json: options.json, value: views,
                    text: views.isEmpty ? "(予約中の振込はありません: no scheduled transfers)" : views.map(\.line).joined(separator: "\n"))
    }
}
