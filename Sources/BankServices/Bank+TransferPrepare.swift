import BankCore
import BankStore
import Foundation
import SQLKit

/// What the 確認画面 shows, kept server-side under its nonce so that 実行 can change nothing.
public struct TransferConfirmation: Sendable, Equatable, Codable {
    public var nonce: String
    public var sourceAccountID: Int64
    public var sourceLabel: String
    public var destination: TransferDestination
    public var route: TransferRoute
    public var amount: Yen
    public var fee: Yen
    /// What is left of today's 振込限度額 before this transfer.
    public var remainingLimit: Yen
    public var dailyLimit: Yen
    public var needsMailPassword: Bool
    public var createdAt: Date
}

extension Bank {
    /// The customer's 振込限度額 per day: their own, or the bank's default.
    func dailyLimit(_ db: any SQLDatabase, customerID: Int64) async throws -> Yen {
        let row = try await db.raw("SELECT daily_transfer_limit FROM customers WHERE id = \(bind: customerID)").first()
        return try row?.decode(column: "daily_transfer_limit", as: Int64?.self).map(Yen.init) ?? settings.transfers.dailyLimit
    }

    /// 金額 → 確認画面: checks everything that can be checked before execution (amount, the
    /// source is the customer's, not the same account, limit, funds) and records the
    /// confirmation with a fresh nonce. Nothing moves yet.
    public func prepareTransfer(customerID: Int64, sessionCookie: String, sourceAccountID: Int64,
                                choice: DestinationChoice, amount rawAmount: String) async throws -> TransferConfirmation {
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
            do throws(TransferRefusal) {
                try TransferRules.checkDistinct(
                    sourceBank: BankCode(unchecked: settings.bankCode), sourceBranch: BranchCode(unchecked: source.branchCode),
                    sourceType: source.accountType, sourceNumber: AccountNumber(unchecked: source.accountNumber),
                    destinationBank: BankCode(unchecked: destination.bankCode),
                    destinationBranch: BranchCode(unchecked: destination.branchCode), destinationType: destination.accountType,
                    destinationNumber: AccountNumber(unchecked: destination.accountNumber))
            } catch { throw BankError.transferRefused(error) }
            let route = TransferRoute.classify(ourBank: BankCode(unchecked: settings.bankCode),
                                               sourceBranch: BranchCode(unchecked: source.branchCode),
                                               destinationBank: BankCode(unchecked: destination.bankCode),
                                               destinationBranch: BranchCode(unchecked: destination.branchCode))
            // Moving money between one's own accounts is free.
            let fee = destination.kind == "own" ? Yen(0) : settings.transfers.fees.fee(route: route, amount: amount)
            let limit = try await dailyLimit(db, customerID: customerID)
            let used = try await TransferRecords.amountOnDay(db, customerID: customerID, day: TransferLimit.day(of: now).description)
            // Own-account 振替 are not 振込: the daily limit guards money leaving the customer.
            let limitApplies = destination.kind != "own"
            do throws(TransferRefusal) {
                if limitApplies { try TransferLimit.check(amount: amount, limit: limit, usedToday: used) }
                try TransferRules.checkFunds(available: source.allowNegative ? Yen(Int64.max / 4) : source.balance, amount: amount, fee: fee)
            } catch { throw BankError.transferRefused(error) }
            let confirmation = TransferConfirmation(
                nonce: TransferNonce.generate(random: random).value, sourceAccountID: source.id,
                sourceLabel: "\(source.branchNameJa) \(MailTemplates.typeJa(source.accountType)) \(source.accountNumber)",
                destination: destination, route: route, amount: amount, fee: fee,
                remainingLimit: TransferLimit.remaining(limit: limit, usedToday: used), dailyLimit: limit,
                needsMailPassword: mailPasswordOn && destination.needsMailPassword, createdAt: now)
            try await TransferConfirmationRecords.insert(db, TransferConfirmationRecord(
                nonce: confirmation.nonce, customerID: customerID, sessionHash: Self.sha256Hex(sessionCookie),
                details: String(decoding: try JSONEncoder().encode(confirmation), as: UTF8.self), createdAt: now, usedAt: nil))
            return confirmation
        }
    }
}
