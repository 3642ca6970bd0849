import BankCore
import Foundation
import SQLKit

/// What 実行's transaction learns as it takes the customer (`TransferExecutionRecords.claim`).
public struct TransferClaim: Sendable, Equatable {
    /// False for an unknown customer: nothing else was done.
    public var found: Bool
    /// The customer's own 振込限度額 (nil: the bank's default).
    public var ownLimit: Yen?
    /// The 確認用パスワード's count as it was cleared (nil: there was none).
    public var confirmationPassword: CredentialState?
    /// The 確認画面's nonce marked used now; false when it was used before, or the password was
    /// found locked (the caller then refuses, and its transaction undoes what was done).
    public var claimed: Bool
    /// With a メール通知パスワード to spend, once claimed: its count as it was cleared.
    public var mailPassword: CredentialState?
    /// That password spent now; false when it was spent or replaced meanwhile, or locked.
    public var mailPasswordSpent: Bool
}

/// What 実行 reads after taking the customer, in one statement (`TransferExecutionRecords.postingFacts`).
public struct TransferPostingFacts: Sendable, Equatable {
    /// The accounts asked for that exist (by id and by the bank's internal code).
    public var accounts: [AccountRecord]
    /// The payee's kind, when a payee was asked for and is the customer's and not deleted.
    public var payeeKind: PayeeKind?
    /// With a day asked for: what the customer transferred on it (`TransferRecords.amountOnDay`)
    /// and how many raises of the 振込限度額 are relevant (read them only when there are).
    public var usedOnDay: Yen?
    public var relevantRaises: Int
}

/// What `TransferExecutionRecords.postAndInsert` did.
public struct TransferPosting: Sendable, Equatable {
    /// The ledger transaction of the transfer, posted.
    public var ledgerTransactionID: Int64
    /// The transfer's row; nil when its 受付番号 was taken (nothing of it written).
    public var transfer: TransferRecord?
}

/// 実行's transaction in few round trips (issue 20). Each step exists in two forms (`StepForm`),
/// kept equal by TransferExecutionFormsTests.
extension TransferExecutionRecords {
    // MARK: the customer taken, the passwords' counts cleared, the nonce claimed

    /// In 実行's transaction, first: the customer's row locked (its transfers take turns, so the
    /// daily limit is summed and spent atomically: `postingFacts` comes after, in a statement of
    /// its own, so that it reads what the previous holder committed), the 確認用パスワード's count
    /// cleared, the 確認画面's nonce claimed; with `mailPasswordHash`, that password's count
    /// cleared and the password spent. On PostgreSQL one statement, whose parts refer to the
    /// lock so that it is taken first, in the order the statements take their rows.
    public static func claim(_ db: any SQLDatabase, customerID: Int64, nonce: String, mailPasswordHash: String?,
                             at now: Date) async throws -> TransferClaim {
        try await claim(db, customerID: customerID, nonce: nonce, mailPasswordHash: mailPasswordHash, at: now,
                        form: StepForm.fastest(for: db))
    }

    static func claim(_ db: any SQLDatabase, customerID: Int64, nonce: String, mailPasswordHash: String?, at now: Date,
                      form: StepForm) async throws -> TransferClaim {
        var claim = TransferClaim(found: false, ownLimit: nil, confirmationPassword: nil, claimed: false, mailPassword: nil,
                                  mailPasswordSpent: false)
        switch form {
        case .statements:
            let payer = try await CustomerRecords.lockForTransfer(db, customerID: customerID)
            guard payer.found else { return claim }
            claim.found = true
            claim.ownLimit = payer.ownLimit
            claim.confirmationPassword = try await CredentialRecords.clear(db, customerID: customerID, credential: .confirmationPassword)
            guard claim.confirmationPassword?.isLocked != true else { return claim }
            claim.claimed = try await TransferConfirmationRecords.markUsed(db, nonce: nonce, at: now)
            guard claim.claimed, let mailPasswordHash else { return claim }
            claim.mailPassword = try await CredentialRecords.clear(db, customerID: customerID, credential: .mailPassword)
            guard claim.mailPassword?.isLocked != true else { return claim }
            claim.mailPasswordSpent = try await MailPasswordRecords.spend(db, customerID: customerID, passwordHash: mailPasswordHash,
                                                                          at: now)
            return claim
        case .oneStatement:
            let payer: SQLQueryString = "(SELECT id FROM payer)"
            var query: SQLQueryString = """
                WITH payer AS (\(CustomerRecords.lockForTransferStatement(customerID: customerID))),
                cleared AS (\(CredentialRecords.clearStatement(customerID: payer, credential: .confirmationPassword))),
                claimed AS (\(TransferConfirmationRecords.markUsedStatement(
                    nonce: nonce, at: now,
                    and: "EXISTS (SELECT 1 FROM payer) AND NOT EXISTS (SELECT 1 FROM cleared WHERE locked_at IS NOT NULL)")))
                """
            if let mailPasswordHash {
                query += """
                    , mail_cleared AS (\(CredentialRecords.clearStatement(customerID: payer, credential: .mailPassword,
                                                                          and: "EXISTS (SELECT 1 FROM claimed)"))),
                    spent AS (\(MailPasswordRecords.spendStatement(
                        customerID: customerID, passwordHash: mailPasswordHash, at: now,
                        and: "EXISTS (SELECT 1 FROM claimed) AND NOT EXISTS (SELECT 1 FROM mail_cleared WHERE locked_at IS NOT NULL)")))
                    """
            }
            query += """
                SELECT (SELECT COUNT(*) FROM payer) AS found, (SELECT daily_transfer_limit FROM payer) AS own_limit,
                       (SELECT failures FROM cleared) AS failures, (SELECT locked_at FROM cleared) AS locked_at,
                       (SELECT COUNT(*) FROM claimed) AS claimed
                """
            if mailPasswordHash != nil {
                query += """
                    , (SELECT failures FROM mail_cleared) AS mail_failures, (SELECT locked_at FROM mail_cleared) AS mail_locked_at,
                      (SELECT COUNT(*) FROM spent) AS spent
                    """
            }
            let row = try await db.raw(query).first()!
            guard try row.decode(column: "found", as: Int64.self) == 1 else { return claim }
            claim.found = true
            claim.ownLimit = try row.decode(column: "own_limit", as: Int64?.self).map(Yen.init)
            claim.confirmationPassword = try counter(row, .confirmationPassword, prefix: "")
            claim.claimed = try row.decode(column: "claimed", as: Int64.self) == 1
            if mailPasswordHash != nil, claim.claimed {
                claim.mailPassword = try counter(row, .mailPassword, prefix: "mail_")
                claim.mailPasswordSpent = try row.decode(column: "spent", as: Int64.self) == 1
            }
            return claim
        }
    }

    /// A count cleared by the statement, nil where there was none.
    private static func counter(_ row: any SQLRow, _ credential: Credential, prefix: String) throws -> CredentialState? {
        guard let failures = try row.decode(column: "\(prefix)failures", as: Int?.self) else { return nil }
        return CredentialState(credential: credential, failures: failures,
                               lockedAt: try row.decode(column: "\(prefix)locked_at", as: Int64?.self).map(Date.init(millis:)))
    }

    // MARK: what the posting is checked against

    /// After `claim`, in one statement on both engines: the accounts the posting touches (as
    /// `AccountRecords.find(ids:internalCodes:)`), with — as columns of each row — the payee's
    /// kind when `payeeID` is given, and with `day` the customer's sum on that day and the count of
    /// relevant raises of the 振込限度額. Each part is its record type's own SQL.
    public static func postingFacts(_ db: any SQLDatabase, customerID: Int64, accountIDs: [Int64], internalCodes: [String],
                                    payeeID: Int64?, day: String?) async throws -> TransferPostingFacts {
        var query: SQLQueryString = "SELECT \(unsafeRaw: AccountRecords.selectedColumns)"
        if let payeeID {
            query += """
                , (SELECT p.kind FROM payees p
                   WHERE p.id = \(bind: payeeID) AND p.customer_id = \(bind: customerID) AND p.deleted_at IS NULL) AS payee_kind
                """
        }
        if let day {
            query += """
                , \(TransferRecords.amountOnDayExpression(customerID: customerID, day: day)) AS used_on_day,
                  (SELECT COUNT(*) FROM transfer_limit_raises r
                   WHERE r.customer_id = \(bind: customerID) AND \(unsafeRaw: TransferLimitRaiseRecords.relevantCondition)) AS raises
                """
        }
        query += " FROM \(unsafeRaw: AccountRecords.joined) \(AccountRecords.filter(ids: accountIDs, internalCodes: internalCodes))"
        let rows = try await db.raw(query).all()
        var facts = TransferPostingFacts(accounts: try rows.map(AccountRecords.decode), payeeKind: nil, usedOnDay: nil, relevantRaises: 0)
        guard let first = rows.first else { return facts }
        if payeeID != nil { facts.payeeKind = try first.decode(column: "payee_kind", as: String?.self).flatMap(PayeeKind.init(rawValue:)) }
        if day != nil {
            facts.usedOnDay = Yen(try first.decode(column: "used_on_day", as: Int64.self))
            facts.relevantRaises = try first.decode(column: "raises", as: Int.self)
        }
        return facts
    }

    // MARK: the transfer's row, its mail and its audit row

    /// The transfer's row (as `TransferRecords.insert`), and with it its mail (as
    /// `OutboxRecords.enqueue`) and its audit row (as `AuditRecords.append`): on PostgreSQL in
    /// one statement. Nil, and nothing written, when the 受付番号 was taken (draw another).
    public static func insert(_ db: any SQLDatabase, _ transfer: TransferRecord, mail: NewOutboxMail, audit: AuditRow,
                              at now: Date) async throws -> TransferRecord? {
        try await insert(db, transfer, mail: mail, audit: audit, at: now, form: StepForm.fastest(for: db))
    }

    static func insert(_ db: any SQLDatabase, _ transfer: TransferRecord, mail: NewOutboxMail, audit: AuditRow, at now: Date,
                       form: StepForm) async throws -> TransferRecord? {
        switch form {
        case .statements:
            guard let inserted = try await TransferRecords.insert(db, transfer) else { return nil }
            _ = try await OutboxRecords.enqueue(db, mail, at: now)
            try await AuditRecords.append(db, audit.event)
            return inserted
        case .oneStatement:
            return try await db.raw("""
                WITH inserted AS (\(TransferRecords.insertStatement(transfer)))\(mailAndAuditParts(mail, audit, at: now))
                SELECT * FROM inserted
                """).first().map(TransferRecords.decode)
        }
    }

    /// The mail and the audit row as `WITH` parts written only when `inserted` has the row.
    private static func mailAndAuditParts(_ mail: NewOutboxMail, _ audit: AuditRow, at now: Date) -> SQLQueryString {
        """
        ,
        mail AS (\(OutboxRecords.enqueueStatement(mail, at: now, when: "EXISTS (SELECT 1 FROM inserted)"))),
        audit AS (\(AuditRecords.appendStatement(audit.event, when: "EXISTS (SELECT 1 FROM inserted)")))
        """
    }

    // MARK: the ledger transaction, then the transfer's row, its mail and its audit row

    /// The ledger transaction of the transfer (as `LedgerRecords.post`, throwing as it throws:
    /// `insufficientFunds`, `notFound`), then the transfer's row with that transaction's id, its
    /// mail and its audit row (as `insert`): on PostgreSQL in one statement, the row only when
    /// the posting was not refused. The transfer is nil, and nothing of it written, when the
    /// 受付番号 was taken: the posting stands, and `insert` writes the row under another number.
    public static func postAndInsert(_ db: any SQLDatabase, ledger: NewLedgerTransaction, _ transfer: TransferRecord,
                                     mail: NewOutboxMail, audit: AuditRow, at now: Date) async throws -> TransferPosting {
        try await postAndInsert(db, ledger: ledger, transfer, mail: mail, audit: audit, at: now, form: StepForm.fastest(for: db))
    }

    static func postAndInsert(_ db: any SQLDatabase, ledger: NewLedgerTransaction, _ transfer: TransferRecord,
                              mail: NewOutboxMail, audit: AuditRow, at now: Date, form: StepForm) async throws -> TransferPosting {
        switch form {
        case .statements:
            let ledgerTransactionID = try await LedgerRecords.post(
                db, kind: ledger.kind, memo: ledger.memo, postings: ledger.postings, idempotencyKey: ledger.idempotencyKey,
                actor: ledger.actor, at: now)
            var record = transfer
            record.ledgerTransactionID = ledgerTransactionID
            return TransferPosting(ledgerTransactionID: ledgerTransactionID,
                                   transfer: try await insert(db, record, mail: mail, audit: audit, at: now, form: .statements))
        case .oneStatement:
            var ordered = ledger
            ordered.postings = try LedgerRecords.inPostingOrder(ledger.postings)
            let row = try await db.raw("""
                WITH posted AS (\(LedgerRecords.postOnServerStatement(ordered, at: now))),
                inserted AS (\(TransferRecords.insertStatement(
                    transfer, ledgerTransaction: "(SELECT o_transaction FROM posted)",
                    when: "EXISTS (SELECT 1 FROM posted WHERE o_refused IS NULL)")))\(mailAndAuditParts(mail, audit, at: now))
                SELECT posted.o_transaction, posted.o_refused, posted.o_missing, inserted.* FROM posted LEFT JOIN inserted ON TRUE
                """).first()!
            let ledgerTransactionID = try LedgerRecords.postedOnServer(row)
            let inserted = try row.decode(column: "id", as: Int64?.self) == nil ? nil : try TransferRecords.decode(row)
            return TransferPosting(ledgerTransactionID: ledgerTransactionID, transfer: inserted)
        }
    }
}
