import BankCore
import BankServices
import Foundation
import Hummingbird

/// 他行振込: transfers to other banks by status (受付済 first: they wait for the clerk), with
/// 送信済にする and 返却 (with its reason). A second 返却 of the same transfer is refused by the
/// service and shows the transfer as the first one left it.
extension StaffSite {
    static let interbankStatuses: [TransferStatus] = [.accepted, .sent, .returned]

    func interbankQueue(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireStaff()
        let lang = language(request)
        var notice: String?
        if Self.queryValue(request, "done") == "nothing" {
            notice = lang.text("staff_interbank.nothing_to_export")
        } else if let reception = Self.queryValue(request, "reception"), ReceptionNumber.isWellFormed(reception) {
            switch Self.queryValue(request, "done") {
            case "sent": notice = lang.text("staff_interbank.marked_sent", reception)
            case "returned":
                let amount = Int64(Self.queryValue(request, "amount") ?? "").map { Yen($0).formatted } ?? ""
                notice = lang.text("staff_interbank.returned", reception, amount)
            default: break
            }
        }
        return try await renderInterbank(request, context, current, status: Self.interbankStatus(Self.queryValue(request, "status")),
                                         notices: notice.map { [$0] } ?? [])
    }

    func markInterbankSent(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let current = try context.requireStaff()
        let status = Self.interbankStatus(form.value("status"))
        guard let id = Self.positiveID(context.parameters.get("id")) else {
            return try await renderInterbank(request, context, current, status: status, error: BankError.transferNotFound, action: "sent")
        }
        do {
            let transfer = try await bank.interbank.markSent(id: id, by: .staff(current.staff), client: client(request, context))
            return HTTPResponses.redirect(to: interbankLocation(status, "done=sent&reception=\(transfer.receptionNumber)"))
        } catch {
            return try await renderInterbank(request, context, current, status: status, error: error, action: "sent")
        }
    }

    func returnInterbank(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let current = try context.requireStaff()
        let status = Self.interbankStatus(form.value("status"))
        let reason = String(form.value("reason").prefix(400))
        guard let id = Self.positiveID(context.parameters.get("id")) else {
            return try await renderInterbank(request, context, current, status: status, error: BankError.transferNotFound,
                                             action: "return")
        }
        do {
            let transfer = try await bank.interbank.returnTransfer(id: id, reason: reason, by: .staff(current.staff), client: client(request, context))
            // On to the returned ones, where this transfer now is.
            return HTTPResponses.redirect(to: interbankLocation(
                .returned, "done=returned&reception=\(transfer.receptionNumber)&amount=\(transfer.amount.value)"))
        } catch {
            return try await renderInterbank(request, context, current, status: status, error: error, action: "return",
                                             failed: (id, reason))
        }
    }

    /// `accepted`, `sent`, `returned`; anything else (and none) is every status.
    static func interbankStatus(_ raw: String?) -> TransferStatus? {
        raw.flatMap(TransferStatus.init(rawValue:)).flatMap { interbankStatuses.contains($0) ? $0 : nil }
    }

    private func interbankLocation(_ status: TransferStatus?, _ query: String) -> String {
        StaffRoute.interbank.path + "?" + (status.map { "status=\($0.rawValue)&" } ?? "") + query
    }

    /// The message of a refused 送信済にする / 返却, in the clerk's words.
    static func interbankMessageKey(_ error: any Error, action: String) -> String {
        switch error {
        case BankError.transferStatus("returned"): "error.interbank.already_returned"
        case BankError.transferStatus("sent") where action == "sent": "error.interbank.already_sent"
        case BankError.transferStatus: action == "sent" ? "error.interbank.not_accepted" : "error.transfer.status"
        case BankError.invalidInput(let fields) where action == "export": fields.first?.messageKey ?? "error.invalid_input"
        case BankError.invalidInput: "error.interbank.reason"
        case let error as BankError: messageKey(error)
        default: "error.invalid_input"
        }
    }

    func renderInterbank(_ request: Request, _ context: BankRequestContext, _ current: StaffSession,
                                 status: TransferStatus?, notices: [String] = [], error: (any Error)? = nil, action: String = "",
                                 failed: (id: Int64, reason: String)? = nil) async throws -> Response {
        let lang = language(request)
        // A transfer in the wrong status (a second 返却, say) is shown among those of its status
        // now: the clerk sees what the first submission did.
        var status = status
        if case BankError.transferStatus(let now)? = error { status = Self.interbankStatus(now) }
        let errors = error.map { [lang.text(Self.interbankMessageKey($0, action: action))] } ?? []
        let queue = try await bank.interbank.queue(status: status, by: .staff(current.staff), client: client(request, context))
        let files = try await interbankFileRows(current, lang)
        let model = StaffInterbankPageModel(
            notices: notices, statusValue: status?.rawValue ?? "", mayOperate: Self.mayOperate(current.staff),
            filters: statusFilterLinks(
                route: .interbank, statuses: Self.interbankStatuses.map(\.rawValue),
                counts: Dictionary(uniqueKeysWithValues: queue.counts.map { ($0.key.rawValue, $0.value) }),
                current: status?.rawValue, labelPrefix: "staff_interbank_status", lang),
            rows: queue.entries.map { entry in
                var row = interbankRow(entry, lang)
                if let failed, failed.id == entry.transfer.id {
                    row.reasonValue = failed.reason
                    row.reasonError = LocalOptional(error.map { lang.text(Self.interbankMessageKey($0, action: action)) })
                }
                return row
            },
            hasRows: !queue.entries.isEmpty, rowCount: lang.text("staff.rows_shown", String(queue.entries.count)),
            truncated: queue.truncated ? lang.text("staff.rows_truncated", String(queue.entries.count)) : nil,
            exportDate: JapanTime.Day(containing: bank.clock.now()).iso, exportPath: StaffRoute.interbankExport.path,
            reexportPath: StaffRoute.interbankReexport.path, files: files, hasFiles: !files.isEmpty)
        return try page("staff_interbank", model, chrome(request, titleKey: "staff_interbank.title", current, errors: errors),
                        status: error.map(ErrorPresenter.status(of:)) ?? .ok)
    }

    private func interbankRow(_ entry: InterbankEntry, _ lang: Language) -> StaffInterbankPageModel.Row {
        let transfer = entry.transfer
        return StaffInterbankPageModel.Row(
            id: String(transfer.id), receptionNumber: transfer.receptionNumber, acceptedAt: formatTimestamp(transfer.createdAt),
            customerID: String(transfer.customerID), customerPath: StaffRoute.customer(id: transfer.customerID).path,
            loginID: entry.loginID, customerName: entry.customerName,
            bank: "\(entry.bankName)（\(transfer.bankCode)）", branch: "\(entry.branchName)（\(transfer.branchCode)）",
            account: "\(lang.text(transfer.accountType.labelKey)) \(transfer.accountNumber)", holderName: transfer.holderName,
            amount: transfer.amount.formatted, fee: transfer.fee.formatted,
            status: label("staff_interbank_status.\(transfer.status.rawValue)", or: transfer.status.rawValue, lang),
            statusClass: transfer.status.rawValue, changedAt: transfer.statusChangedAt.map(formatTimestamp) ?? "—",
            note: transfer.statusNote ?? "", canMarkSent: transfer.status == .accepted,
            canReturn: transfer.status == .accepted || transfer.status == .sent,
            sentPath: StaffRoute.interbankSent(id: transfer.id).path, returnPath: StaffRoute.interbankReturn(id: transfer.id).path)
    }
}
