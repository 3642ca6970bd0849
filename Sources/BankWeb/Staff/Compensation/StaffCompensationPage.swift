import BankCore
import BankServices
import Foundation
import Hummingbird

/// 補償判定資料: for a customer and period, or for one transfer (by 受付番号 or id), every
/// login and transfer with its time, IP, user agent, the factors in force and presented, and
/// the notice's rule applied. Made to be printed (app.css has the print rules).
extension StaffSite {
    func compensation(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireStaff()
        let lang = language(request)
        let today = bank.today()
        // ログインID or name as typed; customer_id is what links (顧客詳細 → 補償判定資料) carry.
        let rawKey = Self.queryValue(request, "customer")
        let rawCustomer = Self.queryValue(request, "customer_id")
        let rawTransfer = Self.queryValue(request, "transfer")
        let rawFrom = Self.queryValue(request, "from")
        let rawTo = Self.queryValue(request, "to")
        var model = StaffCompensationPageModel(
            customerValue: rawKey ?? "", transferValue: rawTransfer ?? "", fromValue: rawFrom ?? today.adding(months: -1).iso,
            toValue: rawTo ?? today.iso, maxDate: today.iso)
        let pageChrome = chrome(request, titleKey: "staff_compensation.title", current)
        let report: CompensationReport
        do {
            if let rawTransfer {
                report = try await transferReport(rawTransfer, current.staff, client(request, context))
            } else if rawKey != nil || rawCustomer != nil {
                let period = Self.period(from: rawFrom ?? today.adding(months: -1).iso, to: rawTo ?? today.iso)
                guard let from = period.from, let to = period.to else {
                    throw BankError.invalidInput(period.errors.map { FieldError(field: "period", messageKey: $0) })
                }
                if let rawKey, rawCustomer == nil {
                    switch try await bank.compensation.find(customer: rawKey, from: from, to: to, by: .staff(current.staff),
                                                             client: client(request, context)) {
                    case .report(let found):
                        report = found
                    case .choices(let customers):
                        model.choices = customers.map { choiceRow($0, lang, from: rawFrom, to: rawTo) }
                        model.choicesHeading = lang.text("staff_compensation.choices", String(customers.count))
                        return try page("staff_compensation", model, pageChrome)
                    }
                } else {
                    guard let customerID = Self.positiveID(rawCustomer) else {
                        throw BankError.invalidInput([FieldError(field: "customer_id", messageKey: "error.staff.customer_id")])
                    }
                    report = try await bank.compensation.report(customerID: customerID, from: from, to: to, by: .staff(current.staff),
                                                               client: client(request, context))
                }
            } else {
                // The empty form, first visit.
                return try page("staff_compensation", model, pageChrome)
            }
        } catch let error as BankError {
            var refused = pageChrome
            refused.errors = messages(error, lang)
            return try page("staff_compensation", model, refused, status: ErrorPresenter.status(of: error))
        }
        model.report = reportValues(report, lang)
        // The form names the customer the way a clerk would, also when a link gave the number.
        if report.transfer == nil { model.customerValue = report.customer.loginID }
        return try page("staff_compensation", model, pageChrome)
    }

    static let queryValueCharacters = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-"))

    /// One customer of a shared name, linking to their report for the same period.
    func choiceRow(_ customer: CustomerSummary, _ lang: Language, from: String?, to: String?) -> StaffCustomerRow {
        var link = StaffRoute.compensation.path + "?customer_id=\(customer.id)"
        for (name, value) in [("from", from), ("to", to)] {
            if let value { link += "&\(name)=" + (value.addingPercentEncoding(withAllowedCharacters: Self.queryValueCharacters) ?? "") }
        }
        return summaryRow(customer, lang, path: link)
    }

    /// A transfer's report: by its 受付番号 (`20261201-483920`) or by its id.
    func transferReport(_ raw: String, _ staff: StaffIdentity, _ client: ClientInfo) async throws -> CompensationReport {
        if ReceptionNumber.isWellFormed(raw) {
            return try await bank.compensation.report(receptionNumber: raw, by: .staff(staff), client: client)
        }
        guard let id = Self.positiveID(raw) else {
            throw BankError.invalidInput([FieldError(field: "transfer", messageKey: "error.staff.transfer")])
        }
        return try await bank.compensation.report(transferID: id, by: .staff(staff), client: client)
    }

    func reportValues(_ report: CompensationReport, _ lang: Language) -> StaffCompensationPageModel.Report {
        StaffCompensationPageModel.Report(
            customer: profileRow(report.customer, lang),
            // The end is exclusive: shown as the last second inside it (23:59:59, or the transfer's own).
            period: "\(formatTimestamp(report.from)) 〜 \(formatTimestamp(report.to.addingTimeInterval(-0.001)))",
            generatedAt: formatTimestamp(report.generatedAt), generatedBy: report.generatedBy,
            noticeSentence: report.noticeSentence, factorNow: factorRow(report.factorsNow, lang),
            assessmentNow: assessmentRow(report.assessmentNow, lang), entries: report.entries.map { entryRow($0, lang) },
            noEntries: report.entries.isEmpty,
            entryCount: lang.text("staff_compensation.count", String(report.entries.count)),
            // Present or false, never absent: Mustache would look the name up in the page around the report.
            transfer: LocalOptional(report.transfer.map { transferRow($0, lang) }),
            transferLoginNotice: LocalOptional(report.transfer.flatMap { transfer in
                report.entries.first { $0.transfer?.id == transfer.id }?.loginNotice.map { loginNoticeText($0, lang) }
            }),
            transferLimit: LocalOptional(report.transfer.map { _ in
                report.transferLimitRaise.map { limitRaiseText($0, lang) } ?? lang.text("staff_compensation.limit_not_raised")
            }))
    }

    func entryRow(_ entry: CompensationEntry, _ lang: Language) -> StaffCompensationPageModel.Entry {
        StaffCompensationPageModel.Entry(
            at: formatTimestamp(entry.at), kind: lang.text("staff_entry_kind.\(entry.kind.rawValue)"),
            event: eventLabel(entry.event, lang), result: lang.text("staff_result.\(entry.result.rawValue)"),
            resultClass: entry.result.rawValue, ip: entry.ip.isEmpty ? "—" : entry.ip,
            userAgent: entry.userAgent.isEmpty ? "—" : entry.userAgent, inForce: factorList(entry.factors.inForce, lang),
            presented: factorList(entry.factors.presented, lang), assessment: assessmentRow(entry.assessment, lang),
            detail: AuditDetailText.label(entry.detail, event: entry.event, lang),
            receptionNumber: LocalOptional(entry.transfer?.receptionNumber), amount: entry.transfer?.amount.formatted ?? "",
            loginNotice: LocalOptional(entry.loginNotice.map { loginNoticeText($0, lang) }),
            limitRaise: LocalOptional(entry.limitRaise.map { limitRaiseText($0, lang) }))
    }

    /// 「お客様の引上げ後 X円（申込 …、適用 …、それまで Y円）」: a transfer made under a raise.
    func limitRaiseText(_ raise: LimitRaise, _ lang: Language) -> String {
        lang.text("staff_compensation.limit_raised", raise.amount.formatted, formatTimestamp(raise.requestedAt),
                  formatTimestamp(raise.effectiveAt), raise.previous.formatted)
    }

    /// The rule of the notice for one step: its label and the words it rests on.
    func assessmentRow(_ assessment: CompensationAssessment, _ lang: Language) -> StaffAssessmentRow {
        StaffAssessmentRow(rule: lang.text(assessment.labelKey), ruleClass: assessment.rule.rawValue,
                           extraInForce: factorList(assessment.extraFactorsInForce, lang),
                           extraPresented: factorList(assessment.extraFactorsPresented, lang))
    }
}
