import BankCore
import BankMail
import BankStore
import Foundation

extension BankUseCase {
    /// Composes a mail for the outbox. Call inside the transaction of the change it reports;
    /// call `mailNotifier.notify()` after the commit.
    func composeMail(kind: String, customerID: Int64?, to recipients: [String], template: MailTemplate,
                     urgent: Bool = false, containsSecret: Bool = false, expiresAt: Date? = nil) -> NewOutboxMail {
        let now = clock.now()
        let messageID = "<\(Hex.encode(random.bytes(16)))@\(settings.mailFrom.domain)>"
        let data = MailComposer.compose(fromName: settings.mailFrom.displayName, fromAddress: settings.mailFrom.address,
                                        to: recipients, subject: template.subject, body: template.body, date: now,
                                        messageID: messageID)
        return NewOutboxMail(messageID: messageID, kind: kind, customerID: customerID, fromAddress: settings.mailFrom.address,
                             recipients: recipients, data: String(decoding: data, as: UTF8.self), urgent: urgent,
                             containsSecret: containsSecret, expiresAt: expiresAt)
    }
}
