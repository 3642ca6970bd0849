import BankCore
import BankStore
import Foundation
import SQLKit

extension TransferService {
    /// In 実行's transaction, the customer taken: the checks again (time passed since the
    /// 確認画面), then the ledger transaction of the transfer, its row, its mail and its audit row
    /// — or, for a 予約振込, the booking (`book`).
    func post(_ db: any SQLDatabase, _ confirmation: TransferConfirmation, customer: CustomerRecord, ownLimit: Yen?,
              nonce: TransferNonce, factors: FactorRecord, prepared: PreparedTransfer, client: ClientInfo,
              at now: Date) async throws -> TransferRecord {
        let destination = confirmation.destination
        let settles = confirmation.route.settlesAtOnce
        let creditID = settles ? destination.accountID : nil
        let day = TransferLimit.day(of: now).description
        let limited = destination.kind != .own
        // In one statement: the accounts the posting touches — the customer's, the payee's in
        // this bank, and the bank's own (clearing, fee income) —, the payee, and for a 振込 the
        // day's sum and whether raises of the limit need reading.
        let facts = try await TransferExecutionRecords.postingFacts(
            db, customerID: customer.id, accountIDs: [confirmation.sourceAccountID] + (creditID.map { [$0] } ?? []),
            internalCodes: ["interbank_clearing", "fee_income"], payeeID: destination.payeeID, day: limited ? day : nil)
        let accounts = facts.accounts
        guard let source = accounts.first(where: { $0.id == confirmation.sourceAccountID }),
              source.customerID == customer.id else { throw BankError.notYourAccount }
        // A payee deleted (by the customer, or by the bank at the counter) since the 確認画面 is no longer paid.
        if destination.payeeID != nil {
            guard let kind = facts.payeeKind, DestinationKind(kind) == destination.kind else { throw BankError.payeeNotFound }
        }
        let amount = confirmation.amount, fee = confirmation.fee
        do {
            if limited, let used = facts.usedOnDay {
                let raises = facts.relevantRaises > 0 ? try await TransferLimitRaiseRecords.relevant(db, customerID: customer.id) : []
                let limit = limitInForce(own: ownLimit, raises: raises, at: now).limit
                try TransferLimit.check(amount: amount, limit: limit, usedToday: used)
            }
            if case .atOnce = prepared, !source.allowNegative { try TransferRules.checkFunds(available: source.balance, amount: amount, fee: fee) }
        } catch let refusal as TransferRefusal { throw BankError.transferRefused(refusal) }
        // 予約振込: the booking alone (its funds are checked on its day, by the scheduler).
        guard case .atOnce(let reception, var mail) = prepared else {
            return try await book(db, confirmation, customer: customer, source: source, nonce: nonce, factors: factors,
                                  client: client, at: now)
        }

        var postings = [Posting(accountID: source.id, amount: Yen(0) - amount - fee)]
        if settles {
            guard let creditID, let credit = accounts.first(where: { $0.id == creditID }), credit.customerID != nil else {
                throw BankError.transferRefused(.destinationClosed)
            }
            postings.append(Posting(accountID: credit.id, amount: amount))
        } else {
            postings.append(Posting(accountID: try internalAccountID(accounts, "interbank_clearing"), amount: amount))
        }
        if fee > Yen(0) { postings.append(Posting(accountID: try internalAccountID(accounts, "fee_income"), amount: fee)) }
        let memo = destination.kind == .own ? "振替 \(destination.holderName)" : "振込 \(customer.nameKana)→\(destination.holderName)"
        let ledger = NewLedgerTransaction(kind: destination.kind == .own ? "transfer_own" : "transfer", memo: memo, postings: postings,
                                          idempotencyKey: "transfer:\(nonce.value)", actor: "customer:\(customer.loginID)")
        var record = TransferRecord(
            id: 0, receptionNumber: reception, nonce: nonce.value, customerID: customer.id, sourceAccountID: source.id,
            route: confirmation.route, destinationKind: destination.kind, payeeID: destination.payeeID,
            bankCode: destination.bankCode, branchCode: destination.branchCode, accountType: destination.accountType,
            accountNumber: destination.accountNumber, holderName: destination.holderName,
            destinationAccountID: settles ? destination.accountID : nil, amount: amount, fee: fee,
            status: settles ? .completed : .accepted, ledgerTransactionID: nil, businessDay: day, factors: factors,
            ip: client.ip, userAgent: client.userAgent, createdAt: now, statusChangedAt: nil, statusNote: nil)
        // The posting, the row, its mail and its audit row in one statement on PostgreSQL. A
        // 受付番号 already given out today is drawn again (and its mail written again): the
        // posting stands, and only the row, its mail and its audit row are written once more.
        while true {
            let detail: AuditDetail = [
                .field(.reception, record.receptionNumber),
                .field(.kind, destination.kind),
                .field(.route, confirmation.route.rawValue),
                .field(.amount, amount.value),
                .field(.fee, fee.value),
                .field(.to, "\(destination.bankCode)-\(destination.branchCode)-\(maskedAccountNumber(destination.accountNumber))"),
                .field(.status, record.status.rawValue)]
            let audit = AuditRecords.row(.transfer, .success, by: .customer, customerID: customer.id, loginID: customer.loginID,
                                         client: client, factors: factors, detail: detail, at: now)
            let inserted: TransferRecord?
            if record.ledgerTransactionID == nil {
                let posting: TransferPosting
                do {
                    posting = try await TransferExecutionRecords.postAndInsert(db, ledger: ledger, record, mail: mail, audit: audit, at: now)
                } catch StoreError.insufficientFunds {
                    throw BankError.transferRefused(.insufficientFunds(available: source.balance, needed: amount + fee))
                }
                record.ledgerTransactionID = posting.ledgerTransactionID
                inserted = posting.transfer
            } else {
                inserted = try await TransferExecutionRecords.insert(db, record, mail: mail, audit: audit, at: now)
            }
            if let inserted { return inserted }
            record.receptionNumber = ReceptionNumber.generate(at: now, random: random)
            mail = acceptedMail(confirmation, customer: customer, reception: record.receptionNumber, at: now)
        }
    }

    /// One of the bank's own accounts among those read for the posting.
    private func internalAccountID(_ accounts: [AccountRecord], _ code: String) throws -> Int64 {
        guard let account = accounts.first(where: { $0.internalCode == code }) else { throw StoreError.notFound }
        return account.id
    }
}
