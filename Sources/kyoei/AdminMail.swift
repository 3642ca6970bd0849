import ArgumentParser
import BankCore
import BankServices
import BankStore
import Foundation

struct MailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mail", abstract: "The mail outbox: list, retry, send a test mail.",
        subcommands: [ListMail.self, RetryMail.self, TestMail.self, DeliverMail.self])
}

struct MailView: Codable {
    var id: Int64
    var messageID: String
    var kind: String
    var customerID: Int64?
    var recipients: [String]
    var status: String
    var attempts: Int
    var nextAttemptAt: Date
    var lastError: String?
    var createdAt: Date
    var sentAt: Date?

    init(_ mail: OutboxMail) {
        self.init(OutboxEntry(mail))
    }

    init(_ mail: OutboxEntry) {
        id = mail.id; messageID = mail.messageID; kind = mail.kind; customerID = mail.customerID
        recipients = mail.recipients; status = mail.status.rawValue; attempts = mail.attempts
        nextAttemptAt = mail.nextAttemptAt; lastError = mail.lastError; createdAt = mail.createdAt; sentAt = mail.sentAt
    }

    var line: String {
        var text = "#\(id) \(status) \(kind) to=\(recipients.joined(separator: ",")) attempts=\(attempts) created=\(JapanTime.isoDateTime(createdAt))"
        if let sentAt { text += " sent=\(JapanTime.isoDateTime(sentAt))" }
        if status == "queued" { text += " next=\(JapanTime.isoDateTime(nextAttemptAt))" }
        if let lastError { text += " last_error=\(lastError)" }
        return text
    }
}

struct ListMail: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Mail in the outbox, newest first (queued, sending, sent, failed, expired).")
    @OptionGroup var options: AdminOptions
    @Option(name: .long, help: "Only this status: \(OutboxStatus.allCases.map(\.rawValue).joined(separator: ", ")).") var status: String?
    @Option(name: .long) var limit: Int = 100

    func run() async throws {
        var filter: OutboxStatus?
        if let status {
            guard let parsed = OutboxStatus(rawValue: status) else {
                Output.error("エラー: --status は \(OutboxStatus.allCases.map(\.rawValue).joined(separator: ", ")) のいずれかです")
                throw ExitCode(2)
            }
            filter = parsed
        }
        let mails = try await options.perform { bank in try await bank.mailOutbox.list(status: filter, limit: max(1, min(limit, 10_000))) }
            .map(MailView.init)
        Output.emit(json: options.json, value: mails, text: mails.isEmpty ? "(no mail)" : mails.map(\.line).joined(separator: "\n"))
    }
}

struct RetryMail: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "retry", abstract: "Queue a failed mail (or every failed one) for an immediate new attempt.")
    @OptionGroup var options: AdminOptions
    @Argument(help: "The mail's id (from mail list).") var id: Int64?
    @Flag(name: .customLong("all-failed"), help: "Every failed mail that can still be sent (after a relay outage).") var allFailed = false

    func run() async throws {
        if allFailed {
            let ids = try await options.perform { bank in try await bank.mailOutbox.retryAllFailed(by: .operator(name: options.staffName)).queued }
            Output.emit(json: options.json, value: ["queued": ids], text: "再送を予約しました (queued again): \(ids.count) 通 \(ids)")
            return
        }
        guard let id else {
            throw options.usageError(field: "id", ja: "メールのIDか --all-failed を指定してください", en: "give a mail id or --all-failed")
        }
        let mail = try await options.perform { bank in try await bank.mailOutbox.retry(id: id, by: .operator(name: options.staffName)) }
        Output.emit(json: options.json, value: MailView(mail), text: "再送を予約しました (queued again): \(MailView(mail).line)")
    }
}

struct TestMail: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "test", abstract: "Queue a test mail to check the mail settings.")
    @OptionGroup var options: AdminOptions
    @Option(name: .long, help: "Recipient address.") var to: String

    func run() async throws {
        let mail = try await options.perform { bank in try await bank.mailOutbox.enqueueTest(to: to, by: .operator(name: options.staffName)) }
        Output.emit(json: options.json, value: MailView(mail),
                    text: "テストメールを送信待ちにしました (queued; kyoei serve sends it): \(MailView(mail).line)")
    }
}

struct DeliverMail: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliver",
        abstract: "Send every due mail now, in this process (kyoei serve does this continuously).")
    @OptionGroup var options: AdminOptions

    struct Report: Codable {
        var sent: Int
        var retried: Int
        var failed: Int
        var expired: Int
    }

    func run() async throws {
        let config = try await options.common.load()
        let report = try await options.perform { bank in
            try await config.mailWorker(bank: bank, logger: options.common.logger()).deliverDue()
        }
        let view = Report(sent: report.sent, retried: report.retried, failed: report.failed, expired: report.expired)
        Output.emit(json: options.json, value: view,
                    text: "送信 (sent) \(view.sent) / 再試行待ち (will retry) \(view.retried) / 失敗 (failed) \(view.failed) / 期限切れ (expired) \(view.expired)")
    }
}
