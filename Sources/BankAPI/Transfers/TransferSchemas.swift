import BankCore
import BankServices

/// The services' transfer types as openapi.yaml's schemas.
extension Components.Schemas.TransferDestination {
    init(_ destination: TransferDestination) {
        self.init(bankCode: destination.bankCode, bankName: destination.bankName, branchCode: destination.branchCode,
                  branchName: destination.branchName, accountType: .init(destination.accountType),
                  accountNumber: destination.accountNumber, holderName: destination.holderName)
    }
}

extension Components.Schemas.TransferRoute {
    init(_ route: TransferRoute) {
        switch route {
        case .sameBranch: self = .sameBranch
        case .otherBranch: self = .otherBranch
        case .otherBank: self = .otherBank
        }
    }
}

extension Components.Schemas.TransferStatus {
    init(_ status: TransferStatus) {
        switch status {
        case .completed: self = .completed
        case .accepted: self = .accepted
        case .sent: self = .sent
        case .returned: self = .returned
        case .scheduled: self = .scheduled
        case .cancelled: self = .cancelled
        case .insufficientFunds: self = .insufficientFunds
        }
    }
}

extension TransferStatus {
    init(_ status: Components.Schemas.TransferStatus) {
        switch status {
        case .completed: self = .completed
        case .accepted: self = .accepted
        case .sent: self = .sent
        case .returned: self = .returned
        case .scheduled: self = .scheduled
        case .cancelled: self = .cancelled
        case .insufficientFunds: self = .insufficientFunds
        }
    }
}

extension APIHandler {
    /// A transfer with its destination's bank and branch names (the row keeps the codes only),
    /// as the 振込・振替結果 screen shows it.
    func transferSchema(_ transfer: TransferView) async throws -> Components.Schemas.Transfer {
        let names = try await bank.directory.names(bankCode: transfer.bankCode, branchCode: transfer.branchCode)
        let destination = Components.Schemas.TransferDestination(
            bankCode: transfer.bankCode, bankName: names.bankName, branchCode: transfer.branchCode, branchName: names.branchName,
            accountType: .init(transfer.accountType), accountNumber: transfer.accountNumber, holderName: transfer.holderName)
        return .init(receptionNumber: transfer.receptionNumber, status: .init(transfer.status), route: .init(transfer.route),
                     sourceAccountId: transfer.sourceAccountID, destination: destination, amount: transfer.amount.value,
                     fee: transfer.fee.value, total: (transfer.amount + transfer.fee).value, businessDay: transfer.businessDay,
                     scheduledFor: transfer.scheduledFor?.iso, createdAt: transfer.createdAt, executedAt: transfer.executedAt,
                     statusChangedAt: transfer.statusChangedAt)
    }
}
