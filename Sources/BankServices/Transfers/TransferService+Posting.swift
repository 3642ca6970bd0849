import BankCore
import BankStore
import Foundation
import SQLKit

extension TransferService {
    /// The ledger transaction of a confirmed transfer, its row, its mail and its audit row.
    func post(_ db: any SQLDatabase, _ confirmation: TransferConfirmation, customer: CustomerRecord,
              nonce: TransferNonce, factors: FactorRecord, client: ClientInfo, at now: Date) async throws -> TransferRecord {
        guard let source = try await AccountRecords.find(db, id: confirmation.sourceAccountID),
              source.customerID == customer.id else { throw BankError.notYourAccount }
        let destination = confirmation.destination
        // A payee deleted (by the customer, or by the bank at the counter) since the 確認画面 is no longer paid.
        if let payeeID = destination.payeeID {
            guard let payee = try await PayeeRecords.find(db, id: payeeID), payee.customerID == customer.id,
                  DestinationKind(payee.kind) == destination.kind, payee.deletedAt == nil else { throw BankError.payeeNotFound }
        }
        let amount = confirmation.amount, fee = confirmation.fee
        let day = TransferLimit.day(of: now).description
        // The 確認画面 checked these; they are checked again because time passed since.
        do {
            if destination.kind != .own {
                let used = try await TransferRecords.amountOnDay(db, customerID: customer.id, day: day)
                try TransferLimit.check(amount: amount, limit: try await dailyLimit(db, customerID: customer.id, at: now), usedToday: used)
            }
            if confirmation.scheduledFor == nil, !source.allowNegative { try TransferRules.checkFunds(available: source.balance, amount: amount, fee: fee) }
        } catch let refusal as TransferRefusal { throw BankError.transferRefused(refusal) }
        // 予約振込: the booking alone (its funds are checked on its day, by the scheduler).
        if confirmation.scheduledFor != nil {
            return try await book(db, confirmation, customer: customer, source: source, nonce: nonce, factors: factors,
                                  client: client, at: now)
        }

        let settles = confirmation.route.settlesAtOnce
        var postings = [Posting(accountID: source.id, amount: Yen(0) - amount - fee)]
        if settles {
            guard let creditID = destination.accountID,
                  let credit = try await AccountRecords.find(db, id: creditID), credit.customerID != nil else {
                throw BankError.transferRefused(.destinationClosed)
            }
            postings.append(Posting(accountID: credit.id, amount: amount))
        } else {
            postings.append(Posting(accountID: try await internalAccountID(db, "interbank_clearing"), amount: amount))
        }
        if fee > Yen(0) { postings.append(Posting(accountID: try await internalAccountID(db, "fee_income"), amount: fee)) }
        let memo = destination.kind == .own ? "振替 \(destination.holderName)" : "振込 \(customer.nameKana)→\(destination.holderName)"
        let ledgerID: Int64
        do {
            ledgerID = try await LedgerRecords.post(db, kind: destination.kind == .own ? "transfer_own" : "transfer",
                                                    memo: memo, postings: postings, idempotencyKey: "transfer:\(nonce.value)",
                                                    actor: "customer:\(customer.loginID)", at: now)
        } catch StoreError.insufficientFunds {
            throw BankError.transferRefused(.insufficientFunds(available: source.balance, needed: amount + fee))
        }
        var record = TransferRecord(
            id: 0, receptionNumber: ReceptionNumber.generate(at: now, random: random), nonce: nonce.value, customerID: customer.id, sourceAccountID: source.id,
            route: confirmation.route, destinationKind: destination.kind, payeeID: destination.payeeID,
            bankCode: destination.bankCode, branchCode: destination.branchCode, accountType: destination.accountType,
            accountNumber: destination.accountNumber, holderName: destination.holderName,
            destinationAccountID: settles ? destination.accountID : nil, amount: amount, fee: fee,
            status: settles ? .completed : .accepted, ledgerTransactionID: ledgerID, businessDay: day, factors: factors,
            ip: client.ip, userAgent: client.userAgent, createdAt: now, statusChangedAt: nil, statusNote: nil)
        // A 受付番号 already given out today is drawn again.
        var inserted = try await TransferRecords.insert(db, record)
        while inserted == nil {
            record.receptionNumber = ReceptionNumber.generate(at: now, random: random)
            inserted = try await TransferRecords.insert(db, record)
        }
        let transfer = inserted!
        let reception = transfer.receptionNumber
        let template = MailTemplates.compose { language in
            MailTemplates.transferAccepted(bankName: settings.bankName, reception: reception, source: confirmation.sourceLabel,
                                           destination: destination, amount: amount, fee: fee, settled: settles, at: now,
                                           language: language)
        }
        let mail = composeMail(kind: "transfer_accepted", customerID: customer.id, to: [customer.pcEmail], template: template)
        try await OutboxRecords.enqueue(db, mail, at: now)
        try await AuditRecords.write(db, .transfer, .success, by: .customer, customerID: customer.id,
            loginID: customer.loginID, client: client, factors: factors,
            detail: [.field(.reception, reception),
                     .field(.kind, destination.kind),
                     .field(.route, confirmation.route.rawValue),
                     .field(.amount, amount.value),
                     .field(.fee, fee.value),
                     .field(.to, "\(destination.bankCode)-\(destination.branchCode)-\(maskedAccountNumber(destination.accountNumber))"),
                     .field(.status, transfer.status.rawValue)],
            at: now)
        return transfer
    }
}
