import Foundation

/// 補償判定資料: the two forms as typed, the customers of a shared name to choose from, or
/// the report.
struct StaffCompensationPageModel {
    /// The report: whose (or which transfer), over which period, every step with its rule.
    struct Report {
        let customer: StaffCustomerProfile
        let period: String
        let generatedAt: String
        let generatedBy: String
        let noticeSentence: String
        let factorNow: StaffFactorRow
        let assessmentNow: StaffAssessmentRow
        let entries: [Entry]
        let noEntries: Bool
        let entryCount: String
        let transfer: LocalOptional<StaffTransferRow>
        /// The report of one transfer: the ログインのお知らせ of the session that made it.
        let transferLoginNotice: LocalOptional<String>
        /// The report of one transfer: whether its 振込限度額 was a raised one, and when raised.
        let transferLimit: LocalOptional<String>
    }

    /// One login or transfer of the report.
    struct Entry {
        let at: String
        let kind: String
        let event: String
        let result: String
        let resultClass: String
        let ip: String
        let userAgent: String
        let inForce: String
        let presented: String
        let assessment: StaffAssessmentRow
        let detail: String
        /// A transfer's 受付番号 and amount take the place of the detail.
        let receptionNumber: LocalOptional<String>
        let amount: String
        /// A transfer's ログインのお知らせ (sent when, to whom, or why not); false for other rows.
        let loginNotice: LocalOptional<String>
        /// A transfer made under the customer's raised 振込限度額: the raise and its dates.
        let limitRaise: LocalOptional<String>
    }

    var customerValue: String
    let transferValue: String
    let fromValue: String
    let toValue: String
    let maxDate: String
    let formAction = StaffRoute.compensation.path
    var choices: [StaffCustomerRow] = []
    var choicesHeading: String?
    var report: Report?
}
