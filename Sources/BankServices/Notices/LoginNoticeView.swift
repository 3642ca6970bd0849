import BankCore
import BankStore
import Foundation
import SQLKit

/// For the 補償判定資料: whether the login that opened the session which made a transfer was
/// notified, when and to which (masked) address, or why not.
public struct LoginNoticeView: Sendable, Equatable {
    /// Nil: no record for that session (a login before notices existed).
    public var outcome: LoginNoticeOutcome?
    public var loggedInAt: Date?
    public var newBrowser: Bool
    public var maskedRecipient: String?
    /// The mail's state in the outbox, and when it was handed to the mail server.
    public var mailStatus: OutboxStatus?
    public var mailSentAt: Date?

    public static let unknown = LoginNoticeView(outcome: nil, loggedInAt: nil, newBrowser: false, maskedRecipient: nil,
                                                mailStatus: nil, mailSentAt: nil)

    /// The notice of the session that confirmed the transfer with this nonce.
    static func load(_ db: any SQLDatabase, transferNonce nonce: String) async throws -> LoginNoticeView {
        guard let record = try await LoginNoticeRecords.find(db, transferNonce: nonce) else { return .unknown }
        let delivery = try await record.messageID.asyncMap { try await LoginNoticeRecords.delivery(db, messageID: $0) } ?? nil
        return LoginNoticeView(outcome: record.outcome, loggedInAt: record.loggedInAt, newBrowser: record.newBrowser,
                               maskedRecipient: record.recipient.map(MailTemplates.maskedAddress),
                               mailStatus: delivery?.0, mailSentAt: delivery?.1)
    }
}
