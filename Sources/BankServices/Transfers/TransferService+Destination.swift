import BankCore
import BankStore
import Foundation
import SQLKit

extension TransferService {
    /// Resolves a choice for a customer: their own account, their payee, or a typed account
    /// that must exist in the bank/branch master (and, in this bank, in the ledger, whose
    /// holder name is shown back instead of the typed one).
    public func resolveDestination(by actor: BankActor, _ choice: DestinationChoice) async throws -> TransferDestination {
        try await resolveDestination(customerID: try actor.requireCustomer(), choice)
    }

    /// The same for the customer's own use cases and the counter, which registers payees for a customer.
    func resolveDestination(customerID: Int64, _ choice: DestinationChoice) async throws -> TransferDestination {
        // A transaction, not a read: a typed account in this bank writes its name lookup.
        try await database.transaction { db in try await resolveDestination(db, customerID: customerID, choice) }
    }

    /// `resolveDestination` in the caller's transaction (a typed account in this bank writes its name lookup).
    func resolveDestination(_ db: any SQLDatabase, customerID: Int64, _ choice: DestinationChoice) async throws -> TransferDestination {
        switch choice {
        case .own(let accountID):
            guard let account = try await AccountRecords.find(db, id: accountID), account.customerID == customerID else {
                throw BankError.notYourAccount
            }
            return TransferDestination(kind: .own, payeeID: nil, bankCode: settings.bankCode, bankName: settings.bankName,
                                       branchCode: account.branchCode, branchName: account.branchNameJa,
                                       accountType: account.accountType, accountNumber: account.accountNumber,
                                       holderName: account.holderName, accountID: account.id)
        case .customerPayee(let id), .bankPayee(let id):
            let kind: PayeeKind = if case .customerPayee = choice { .customer } else { .bank }
            guard let payee = try await PayeeRecords.find(db, id: id), payee.customerID == customerID, payee.kind == kind,
                  payee.deletedAt == nil else { throw BankError.payeeNotFound }
            var destination = try await locate(db, DestinationKind(kind), bankCode: payee.bankCode,
                                               branchCode: payee.branchCode, accountType: payee.accountType,
                                               accountNumber: payee.accountNumber, holderName: payee.holderName)
            destination.payeeID = payee.id
            return destination
        case .other(let bankCode, let branchCode, let accountType, let accountNumber, let holderName):
            // In this bank the name may be left empty: the ledger knows it.
            let ours = BankCode.normalized(bankCode) == settings.bankCode
            let input: PayeeInput
            do {
                input = try PayeeInput(bankCode: bankCode, branchCode: branchCode, accountType: accountType,
                                       accountNumber: accountNumber, holderName: ours && holderName.isEmpty ? "ｱ" : holderName)
            } catch {
                throw BankError.invalidInput(error.problems.map { FieldError(field: $0.field, messageKey: $0.messageKey) })
            }
            if ours {
                try await recordNameLookup(db, customerID: customerID, branchCode: input.branchCode.value,
                                           accountNumber: input.accountNumber.value)
            }
            var destination = try await locate(db, .other, bankCode: input.bankCode.value, branchCode: input.branchCode.value,
                                               accountType: input.accountType, accountNumber: input.accountNumber.value,
                                               holderName: input.holderName.value)
            if ours, !holderName.isEmpty, input.holderName.value != destination.holderName {
                destination.typedHolderName = input.holderName.value
            }
            return destination
        }
    }

    /// Names the bank and branch, and finds the account when it is in this bank.
    private func locate(_ db: any SQLDatabase, _ kind: DestinationKind, bankCode: String, branchCode: String, accountType: AccountType,
                        accountNumber: String, holderName: String) async throws -> TransferDestination {
        if bankCode == settings.bankCode {
            guard let branch = try await AccountRecords.findBranch(db, code: branchCode) else {
                throw BankError.invalidInput([FieldError(field: "branch_code", messageKey: "error.transfer.unknown_branch")])
            }
            guard let account = try await AccountRecords.find(db, branch: branchCode, number: accountNumber),
                  account.customerID != nil, account.accountType == accountType else {
                throw BankError.invalidInput([FieldError(field: "account_number", messageKey: "error.transfer.no_such_account")])
            }
            return TransferDestination(kind: kind, payeeID: nil, bankCode: bankCode, bankName: settings.bankName,
                                       branchCode: branchCode, branchName: branch.nameJa, accountType: accountType,
                                       accountNumber: accountNumber, holderName: account.holderName, accountID: account.id)
        }
        guard try await BankDirectoryRecords.bankExists(db, code: bankCode) else {
            throw BankError.invalidInput([FieldError(field: "bank_code", messageKey: "error.transfer.unknown_bank")])
        }
        guard let names = try await BankDirectoryRecords.find(db, bankCode: bankCode, branchCode: branchCode) else {
            throw BankError.invalidInput([FieldError(field: "branch_code", messageKey: "error.transfer.unknown_branch")])
        }
        // The name leaves the bank in the 全銀 総合振込 file (C(30), the 全銀 character set):
        // refused now, not at export when the customer has gone.
        if let problem = ZenginName.problem(holderName) {
            throw BankError.invalidInput([FieldError(field: "holder_name", messageKey: problem.messageKey)])
        }
        return TransferDestination(kind: kind, payeeID: nil, bankCode: bankCode, bankName: names.bankName, branchCode: branchCode,
                                   branchName: names.branchName, accountType: accountType, accountNumber: accountNumber,
                                   holderName: holderName, accountID: nil)
    }
}

extension BankCode {
    /// The typed code with full-width digits and spaces tidied, for comparing before validation.
    static func normalized(_ raw: String) -> String {
        TextNormalizer.fullwidthASCIIToHalfwidth(raw).filter { !$0.isWhitespace }
    }
}
