import BankCore
import BankServices
import BankStore
import Foundation
import Hummingbird

/// 補償判定資料: for a customer and period, or for one transfer (by 受付番号 or id), every
/// login and transfer with its time, IP, user agent, the factors in force and presented, and
/// the notice's rule applied. Made to be printed (app.css has the print rules).
extension StaffSite {
    func compensation(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let gate = try await requireStaff(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        let lang = language(request)
        var values = baseContext(request, titleKey: "staff_compensation_title", csrf: current.session.csrfToken,
                                 staff: current.staff)
        let today = bank.today()
        // ログインID or name as typed; customer_id is what links (顧客詳細 → 補償判定資料) carry.
        let rawKey = Self.queryValue(request, "customer")
        let rawCustomer = Self.queryValue(request, "customer_id")
        let rawTransfer = Self.queryValue(request, "transfer")
        let rawFrom = Self.queryValue(request, "from")
        let rawTo = Self.queryValue(request, "to")
        values["customer_value"] = rawKey ?? ""
        values["customer_id_value"] = rawCustomer ?? ""
        values["transfer_value"] = rawTransfer ?? ""
        values["from_value"] = rawFrom ?? today.adding(months: -1).iso
        values["to_value"] = rawTo ?? today.iso
        values["max_date"] = today.iso

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
                    switch try await bank.compensationReport(customer: rawKey, from: from, to: to, by: current.staff,
                                                             client: client(request, context)) {
                    case .report(let found):
                        report = found
                    case .choices(let customers):
                        values["choices"] = customers.map { choiceRow($0, lang, from: rawFrom, to: rawTo) }
                        values["choices_heading"] = lang.text("staff_compensation_choices", String(customers.count))
                        return try page("staff_compensation", values)
                    }
                } else {
                    guard let customerID = Self.positiveID(rawCustomer) else {
                        throw BankError.invalidInput([FieldError(field: "customer_id", messageKey: "error.staff.customer_id")])
                    }
                    report = try await bank.compensationReport(customerID: customerID, from: from, to: to, by: current.staff,
                                                               client: client(request, context))
                }
            } else {
                // The empty form, first visit.
                return try page("staff_compensation", values)
            }
        } catch let error as BankError {
            values["errors"] = messages(error, lang)
            return try page("staff_compensation", values, status: Self.status(of: error))
        }
        values["report"] = reportValues(report, lang)
        // The form names the customer the way a clerk would, also when a link gave the number.
        if report.transfer == nil { values["customer_value"] = report.customer.loginID }
        return try page("staff_compensation", values)
    }

    static let queryValueCharacters = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-"))

    /// One customer of a shared name, linking to their report for the same period.
    func choiceRow(_ customer: CustomerSummary, _ lang: Language, from: String?, to: String?) -> [String: Any] {
        var link = "/staff/compensation?customer_id=\(customer.id)"
        for (name, value) in [("from", from), ("to", to)] {
            if let value { link += "&\(name)=" + (value.addingPercentEncoding(withAllowedCharacters: Self.queryValueCharacters) ?? "") }
        }
        var row = profileRow(customer, lang)
        row["link"] = link
        row["accounts"] = customer.accounts.map { $0.templateRow(lang) }
        return row
    }

    /// A transfer's report: by its 受付番号 (`20261201-483920`) or by its id.
    func transferReport(_ raw: String, _ staff: StaffRecord, _ client: ClientInfo) async throws -> CompensationReport {
        if ReceptionNumber.isWellFormed(raw) {
            return try await bank.compensationReport(receptionNumber: raw, by: staff, client: client)
        }
        guard let id = Self.positiveID(raw) else {
            throw BankError.invalidInput([FieldError(field: "transfer", messageKey: "error.staff.transfer")])
        }
        return try await bank.compensationReport(transferID: id, by: staff, client: client)
    }

    func reportValues(_ report: CompensationReport, _ lang: Language) -> [String: Any] {
        var values: [String: Any] = [
            "customer": profileRow(report.customer, lang),
            // The end is exclusive: shown as the last second inside it (23:59:59, or the transfer's own).
            "period": "\(formatTimestamp(report.from)) 〜 \(formatTimestamp(report.to.addingTimeInterval(-0.001)))",
            "generated_at": formatTimestamp(report.generatedAt),
            "generated_by": report.generatedBy,
            "notice_sentence": report.noticeSentence,
            "factor_now": factorRow(report.factorsNow, lang),
            "assessment_now": assessmentRow(report.assessmentNow, lang),
            "entries": report.entries.map { entryRow($0, lang) },
            "no_entries": report.entries.isEmpty,
            "entry_count": lang.text("staff_compensation_count", String(report.entries.count)),
        ]
        // False, not absent: Mustache would look the name up in the page around the report.
        values["transfer"] = report.transfer.map { transferRow($0, lang) as Any } ?? false
        return values
    }

    func entryRow(_ entry: CompensationEntry, _ lang: Language) -> [String: Any] {
        var row: [String: Any] = [
            "at": formatTimestamp(entry.at),
            "kind": lang.text("staff_entry_kind.\(entry.kind.rawValue)"),
            "event": eventLabel(entry.event, lang),
            "result": lang.text("staff_result.\(entry.result.rawValue)"),
            "result_class": entry.result.rawValue,
            "ip": entry.ip.isEmpty ? "—" : entry.ip,
            "user_agent": entry.userAgent.isEmpty ? "—" : entry.userAgent,
            "in_force": factorList(entry.factors.inForce, lang),
            "presented": factorList(entry.factors.presented, lang),
            "assessment": assessmentRow(entry.assessment, lang),
            "detail": AuditDetailText.label(entry.detail, event: entry.event, lang),
            "reception_number": false,
        ]
        if let transfer = entry.transfer {
            row["reception_number"] = transfer.receptionNumber
            row["amount"] = transfer.amount.formatted
        }
        return row
    }
}
