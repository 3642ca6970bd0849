import BankServices

/// 振込・振替先一覧: the customer's own payees, each with its 削除 link, and the 届出済み振込先.
struct PayeesPageModel {
    struct CustomerPayee {
        let payee: DestinationRow
        let deletePath: String
    }

    let customerPayees: [CustomerPayee]
    let bankPayees: [DestinationRow]
    let hasCustomerPayees: Bool
    let hasBankPayees: Bool

    init(_ lists: PayeeLists, _ lang: Language) {
        customerPayees = lists.customerRegistered.map { payee in
            CustomerPayee(payee: DestinationRow(payee, lang), deletePath: CustomerRoute.payeeDelete(id: payee.record.id).path)
        }
        bankPayees = lists.bankRegistered.map { DestinationRow($0, lang) }
        hasCustomerPayees = !customerPayees.isEmpty
        hasBankPayees = !bankPayees.isEmpty
    }
}
