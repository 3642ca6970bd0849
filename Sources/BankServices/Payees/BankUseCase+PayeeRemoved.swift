import BankCore
import BankStore
import Foundation
import SQLKit

extension BankUseCase {
    /// 振込・振替先削除のお知らせ to the PC address, in the removal's transaction.
    func enqueuePayeeRemoved(_ db: any SQLDatabase, _ customer: CustomerRecord, _ payee: PayeeView, at now: Date) async throws {
        let mail = composeMail(kind: payee.record.kind == .bank ? "bank_payee_removed" : "payee_removed", customerID: customer.id,
                               to: [customer.pcEmail], template: MailTemplates.compose { language in
                                   MailTemplates.payeeRemoved(bankName: settings.bankName, payee: payee, at: now, language: language)
                               }, urgent: true)
        try await OutboxRecords.enqueue(db, mail, at: now)
    }
}
