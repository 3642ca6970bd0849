import BankServices

/// A destination or payee as the 振込・振替 and payee screens show it (`transfer_destination`).
struct DestinationRow {
    let id: String?
    let bankName: String
    let bankCode: String
    let branchName: String
    let branchCode: String
    let type: String
    let number: String
    let holder: String
    /// A typed 受取人名 that is not the account holder's, and what will happen then.
    var typedHolder: String?
    var holderDiffers: String?

    init(id: String? = nil, bankName: String, bankCode: String, branchName: String, branchCode: String, type: String,
         number: String, holder: String) {
        self.id = id
        self.bankName = bankName
        self.bankCode = bankCode
        self.branchName = branchName
        self.branchCode = branchCode
        self.type = type
        self.number = number
        self.holder = holder
    }

    init(_ destination: TransferDestination, _ lang: Language) {
        self.init(bankName: destination.bankName, bankCode: destination.bankCode, branchName: destination.branchName,
                  branchCode: destination.branchCode, type: lang.text(destination.accountType.labelKey),
                  number: destination.accountNumber, holder: destination.holderName)
        if let typed = destination.typedHolderName {
            typedHolder = typed
            holderDiffers = lang.text("transfer.holder_differs", typed, destination.holderName)
        }
    }

    init(_ payee: PayeeView, _ lang: Language) {
        self.init(id: String(payee.record.id), bankName: payee.bankName, bankCode: payee.record.bankCode,
                  branchName: payee.branchName, branchCode: payee.record.branchCode,
                  type: lang.text(payee.record.accountType.labelKey), number: payee.record.accountNumber,
                  holder: payee.record.holderName)
    }

    /// How a choice of this destination reads in a list of radio buttons.
    var label: String { "\(bankName) \(branchName) \(type) \(number) \(holder)" }
}
