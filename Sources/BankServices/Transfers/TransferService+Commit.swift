import BankCore
import BankStore
import Foundation
import SQLKit

extension TransferService {
    /// 実行's one transaction, once the 確認用パスワード (and the メール通知パスワード) were found
    /// right: the customer taken (its transfers take turns, so the daily limit is summed and
    /// spent atomically), the password's count cleared — refused if wrong answers locked it
    /// meanwhile —, the 確認画面's nonce claimed, the mail password spent, then the checks, the
    /// posting, the transfer row, its mail and its audit row (`post`). One commit.
    func commitTransfer(_ confirmation: TransferConfirmation, customer: CustomerRecord, nonce: TransferNonce,
                        factors: FactorRecord, mailPasswordHash: String?, client: ClientInfo,
                        at now: Date) async throws -> TransferOutcome {
        let customerID = customer.id
        // The 振込受付 mail is written before the transaction, for a 受付番号 drawn for it: on
        // SQLite the one writer does not wait while it is composed.
        let prepared: PreparedTransfer
        if confirmation.scheduledFor == nil {
            let reception = ReceptionNumber.generate(at: now, random: random)
            prepared = .atOnce(reception: reception, mail: acceptedMail(confirmation, customer: customer, reception: reception, at: now))
        } else {
            prepared = .booking
        }
        return try await database.transaction { db -> TransferOutcome in
            // One statement on PostgreSQL (TransferExecutionRecords.claim); a refusal below
            // undoes all of it with the transaction.
            let claim = try await TransferExecutionRecords.claim(db, customerID: customerID, nonce: nonce.value,
                                                                 mailPasswordHash: mailPasswordHash, at: now)
            guard claim.found else { throw BankError.customerNotFound }
            if claim.confirmationPassword?.isLocked == true { throw BankError.credentialLocked(.confirmationPassword) }
            guard claim.claimed else {
                if let first = try await TransferRecords.find(db, nonce: nonce.value), first.customerID == customerID {
                    return TransferOutcome(transfer: first, replayed: true)
                }
                throw BankError.confirmationExpired
            }
            if mailPasswordHash != nil {
                if claim.mailPassword?.isLocked == true { throw BankError.mailPasswordRefused(.locked) }
                // Spent by another 確認画面 of the same payee, or replaced, since the check.
                guard claim.mailPasswordSpent else { throw BankError.mailPasswordRefused(.notIssued) }
            }
            let transfer = try await post(db, confirmation, customer: customer, ownLimit: claim.ownLimit, nonce: nonce,
                                          factors: factors, prepared: prepared, client: client, at: now)
            return TransferOutcome(transfer: transfer, replayed: false)
        }
    }

    /// After the 確認用パスワード was found right, every way out but the transfer's commit ends
    /// here, in one transaction: the count cleared (a right password starts it again at zero,
    /// also when the transfer is then refused; the mail password's too when it was right), and
    /// the refusal audited — as the password's own refusal when wrong answers locked it
    /// meanwhile (its count then stays). A failure is logged, not thrown: the customer's
    /// answer stands either way.
    func settleRightPassword(_ customer: CustomerRecord, refusal: (BankError, TransferConfirmation)?, mailPasswordRight: Bool = false,
                             factors: FactorRecord, client: ClientInfo, at now: Date) async {
        do {
            try await database.transaction { db -> Void in
                try await settle(db, customer, refusal: refusal, mailPasswordRight: mailPasswordRight, factors: factors,
                                 client: client, at: now)
            }
        } catch {
            logger.error("could not settle a refused transfer's right confirmation password (count, audit)",
                         metadata: ["customer": "\(customer.id)", "error": "\(error)"])
        }
    }

    private func settle(_ db: any SQLDatabase, _ customer: CustomerRecord, refusal: (BankError, TransferConfirmation)?,
                        mailPasswordRight: Bool, factors: FactorRecord, client: ClientInfo, at now: Date) async throws {
        let locked: AuditEventName? = switch refusal?.0 {
        case .credentialLocked(.confirmationPassword)?: .confirmationPassword
        case .mailPasswordRefused(.locked)?: .mailPassword
        default: nil
        }
        if let locked {
            try await AuditRecords.write(db, locked, .refused, by: .customer, customerID: customer.id, loginID: customer.loginID,
                                         client: client, factors: factors, detail: [.code(.transfer), .code(.locked)], at: now)
            // Locked meanwhile, the 確認用パスワード keeps its count.
            if locked == .confirmationPassword { return }
        } else if let (error, confirmation) = refusal {
            if mailPasswordRight { try await countRight(db, nil, customerID: customer.id, credential: .mailPassword) }
            try await AuditRecords.write(db, .transfer, .refused, by: .customer, customerID: customer.id,
                                         loginID: customer.loginID, client: client, factors: factors,
                                         detail: [.field(.refusal, error.messageKey), .field(.amount, confirmation.amount.value),
                                                  .field(.kind, "\(confirmation.destination.kind)")], at: now)
        }
        try await countRight(db, nil, customerID: customer.id, credential: .confirmationPassword)
    }

    /// The 振込受付 mail of a transfer made at once, to the customer's PC address.
    func acceptedMail(_ confirmation: TransferConfirmation, customer: CustomerRecord, reception: String, at now: Date) -> NewOutboxMail {
        let destination = confirmation.destination
        let template = MailTemplates.compose { language in
            MailTemplates.transferAccepted(bankName: settings.bankName, reception: reception, source: confirmation.sourceLabel,
                                           destination: destination, amount: confirmation.amount, fee: confirmation.fee,
                                           settled: confirmation.route.settlesAtOnce, at: now, language: language)
        }
        return composeMail(kind: "transfer_accepted", customerID: customer.id, to: [customer.pcEmail], template: template)
    }
}

/// What 実行 prepares before its transaction: for a transfer made at once, the 受付番号 drawn
/// for it and its 振込受付 mail; a 予約振込 writes its booking mail in its transaction (`book`).
enum PreparedTransfer: Sendable {
    case atOnce(reception: String, mail: NewOutboxMail)
    case booking
}
