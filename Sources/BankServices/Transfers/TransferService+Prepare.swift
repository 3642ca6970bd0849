import BankCore
import BankStore
import Foundation
import SQLKit

extension TransferService {
    /// 金額 → 確認画面: checks everything that can be checked before execution (amount, the
    /// source is the customer's, not the same account, limit, funds) and records the
    /// confirmation with a fresh nonce. Nothing moves yet.
    public func prepare(by actor: BankActor, sessionCookie: String, sourceAccountID: Int64,
                                choice: DestinationChoice, amount rawAmount: String,
                                scheduledFor rawDay: String = "") async throws -> TransferConfirmation {
        let customerID = try actor.requireCustomer()
        let amount: Yen
        do { amount = try TransferRules.parseAmount(rawAmount) } catch {
            throw BankError.invalidInput([FieldError(field: "amount", messageKey: error.messageKey)])
        }
        let now = clock.now()
        let mailPasswordOn = try await database.read { db in
            try await MailPasswordSettingRecords.find(db, customerID: customerID) != nil
        }
        return try await database.transaction { db in
            guard let source = try await AccountRecords.find(db, id: sourceAccountID), source.customerID == customerID else {
                throw BankError.notYourAccount
            }
            let destination = try await resolveDestination(db, customerID: customerID, choice)
            // 予約振込: a business day ahead, or nil (本日: the transfer is made at once, as ever).
            let scheduledDay = try await bookingDay(db, rawDay, at: now)
            do throws(TransferRefusal) {
                try TransferRules.checkDistinct(
                    sourceBank: settings.code, sourceBranch: source.branch, sourceType: source.accountType,
                    sourceNumber: source.number, destinationBank: destination.bank, destinationBranch: destination.branch,
                    destinationType: destination.accountType, destinationNumber: destination.number)
            } catch { throw BankError.transferRefused(error) }
            let route = TransferRoute.classify(ourBank: settings.code, sourceBranch: source.branch,
                                               destinationBank: destination.bank, destinationBranch: destination.branch)
            // Moving money between one's own accounts is free.
            let fee = destination.kind == .own ? Yen(0) : settings.transfers.fees.fee(route: route, amount: amount)
            let limit = try await dailyLimit(db, customerID: customerID, at: now)
            let used = try await TransferRecords.amountOnDay(db, customerID: customerID, day: TransferLimit.day(of: now).description)
            // Own-account 振替 are not 振込: the daily limit guards money leaving the customer.
            let limitApplies = destination.kind != .own
            do throws(TransferRefusal) {
                if limitApplies { try TransferLimit.check(amount: amount, limit: limit, usedToday: used) }
                // A booking's funds are checked on its day, by the scheduler.
                if scheduledDay == nil { try TransferRules.checkFunds(available: source.allowNegative ? Yen(Int64.max / 4) : source.balance, amount: amount, fee: fee) }
            } catch { throw BankError.transferRefused(error) }
            let confirmation = TransferConfirmation(
                nonce: TransferNonce.generate(random: random).value, sourceAccountID: source.id,
                sourceLabel: "\(source.branchNameJa) \(MailTemplates.typeJa(source.accountType)) \(source.accountNumber)",
                destination: destination, route: route, amount: amount, fee: fee,
                remainingLimit: TransferLimit.remaining(limit: limit, usedToday: used), dailyLimit: limit,
                needsMailPassword: mailPasswordOn && destination.needsMailPassword, createdAt: now,
                scheduledFor: scheduledDay?.iso)
            try await TransferConfirmationRecords.insert(db, TransferConfirmationRecord(
                nonce: confirmation.nonce, customerID: customerID, sessionHash: Self.sha256Hex(sessionCookie),
                details: String(decoding: try JSONEncoder().encode(confirmation), as: UTF8.self), createdAt: now, usedAt: nil))
            return confirmation
        }
    }
}
