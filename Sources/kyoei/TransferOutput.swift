import BankCore
import BankServices
import BankWeb
import Foundation

/// A transfer as the back office sees it (`transfer list`, `interbank …`): the whole
/// destination, since the clerk must be able to tell the other bank where the money goes.
struct TransferOutput: Encodable {
    var id: Int64
    var receptionNumber: String
    var customerID: Int64
    var sourceAccountID: Int64
    var route: String
    var destinationKind: String
    var bankCode: String
    var branchCode: String
    var accountType: String
    var accountNumber: String
    var holderName: String
    var amount: Int64
    var amountFormatted: String
    var fee: Int64
    var status: String
    var businessDay: String
    var createdAt: Date
    var statusChangedAt: Date?
    var statusNote: String?
    var scheduledFor: String?

    init(_ transfer: TransferView) {
        id = transfer.id; receptionNumber = transfer.receptionNumber; customerID = transfer.customerID
        sourceAccountID = transfer.sourceAccountID; route = transfer.route.rawValue; destinationKind = transfer.destinationKind.rawValue
        bankCode = transfer.bankCode; branchCode = transfer.branchCode; accountType = transfer.accountType.rawValue
        accountNumber = transfer.accountNumber; holderName = transfer.holderName; amount = transfer.amount.value
        amountFormatted = transfer.amount.formatted; fee = transfer.fee.value; status = transfer.status.rawValue
        businessDay = transfer.businessDay; createdAt = transfer.createdAt; statusChangedAt = transfer.statusChangedAt
        statusNote = transfer.statusNote; scheduledFor = transfer.scheduledFor?.iso
    }

    enum CodingKeys: String, CodingKey {
        case id, receptionNumber = "reception_number", customerID = "customer_id", sourceAccountID = "source_account_id"
        case route, destinationKind = "destination_kind", bankCode = "bank_code", branchCode = "branch_code"
        case accountType = "account_type", accountNumber = "account_number", holderName = "holder_name", amount
        case amountFormatted = "amount_formatted", fee, status, businessDay = "business_day", createdAt = "created_at"
        case statusChangedAt = "status_changed_at", statusNote = "status_note", scheduledFor = "scheduled_for"
    }

    var line: String {
        let type = Language.ja.text(AccountType(rawValue: accountType)?.labelKey ?? accountType)
        var text = "#\(id) \(JapanTime.isoDateTime(createdAt)) 受付番号 \(receptionNumber) \(status) \(route)"
            + " → \(bankCode)-\(branchCode) \(type) \(accountNumber) \(holderName)  \(amountFormatted) (手数料 fee \(Yen(fee).formatted))"
            + "  customer=\(customerID)"
        if let scheduledFor { text += "  振込指定日 \(scheduledFor)" }
        if let statusChangedAt { text += "  \(status) \(JapanTime.isoDateTime(statusChangedAt))" }
        if let statusNote { text += " (\(statusNote))" }
        return text
    }
}
