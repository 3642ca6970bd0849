/// 顧客詳細: everything the bank knows of one customer, and the ways on from it.
struct StaffCustomerDetailPageModel {
    /// Where 顧客詳細 leads for this customer: their audit rows, their compensation report,
    /// アクセス回復 and the counter's forms.
    struct Links {
        let audit: String
        let compensation: String
        let access: String
        let postingNew: String
        let accountNew: String
        let payeeNew: String
        let mailAddress: String
        /// 予約中の振込 filtered to this customer.
        let scheduled: String

        init(customerID id: Int64, loginID: String) {
            audit = StaffRoute.audit.path(query: ["customer_id": String(id)])
            compensation = StaffRoute.compensation.path(query: ["customer_id": String(id)])
            access = StaffRoute.access(customerID: id).path
            postingNew = StaffRoute.postingNew(customerID: id).path
            accountNew = StaffRoute.accountNew(customerID: id).path
            payeeNew = StaffRoute.payeeNew(customerID: id).path
            mailAddress = StaffRoute.mailAddress(customerID: id).path
            scheduled = StaffRoute.scheduled.path(query: ["login_id": loginID])
        }
    }

    let customer: StaffCustomerProfile
    let customerLinks: Links
    let accounts: [AccountRow]
    let hasAccounts: Bool
    let factor: StaffFactorRow
    let tokens: [StaffTokenRow]
    let hasTokens: Bool
    let credentials: [StaffCredentialRow]
    let dailyLimit: String
    let dailyLimitDefault: Bool
    let dailyRemaining: String
    /// 「お客様の引上げ（… 適用）」 when the limit in force is the customer's raise.
    let dailyLimitRaised: String?
    /// The customer's raise still waiting, with 取消 for counter staff.
    let pendingRaise: LocalOptional<StaffLimitRaisesPageModel.Row>
    let logins: [StaffAuditRow]
    let hasLogins: Bool
    let transfers: [StaffTransferRow]
    let hasTransfers: Bool
    let customerPayees: [StaffPayeeRow]
    let hasCustomerPayees: Bool
    let bankPayees: [StaffPayeeRow]
    let hasBankPayees: Bool
    let compensationNow: StaffAssessmentRow
    /// Whether the member of staff does counter work (the counter's links and 削除).
    let canCounter: Bool
}
