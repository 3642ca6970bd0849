import BankCore
import BankServices
import BankStore
import Foundation
import Hummingbird

/// 他行振込: transfers to other banks by status (受付済 first: they wait for the clerk), with
/// 送信済にする and 返却 (with its reason). A second 返却 of the same transfer is refused by the
/// service and shows the transfer as the first one left it.
extension StaffSite {
    static let interbankStatuses: [TransferStatus] = [.accepted, .sent, .returned]

    func interbankQueue(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let gate = try await requireStaff(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        let lang = language(request)
        var notice: String?
        if let reception = Self.queryValue(request, "reception"), ReceptionNumber.isWellFormed(reception) {
            switch Self.queryValue(request, "done") {
            case "sent": notice = lang.text("staff_interbank_marked_sent", reception)
            case "returned":
                let amount = Int64(Self.queryValue(request, "amount") ?? "").map { Yen($0).formatted } ?? ""
                notice = lang.text("staff_interbank_returned", reception, amount)
            default: break
            }
        }
        return try await renderInterbank(request, context, current, status: Self.interbankStatus(Self.queryValue(request, "status")),
                                         notices: notice.map { [$0] } ?? [])
    }

    func markInterbankSent(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let post = try await operationsPost(request, context)
        guard case .accepted(let current, let form) = post else { return post.refusedResponse }
        let status = Self.interbankStatus(form.value("status"))
        guard let id = Self.positiveID(context.parameters.get("id")) else {
            return try await renderInterbank(request, context, current, status: status, error: BankError.transferNotFound, action: "sent")
        }
        do {
            let transfer = try await bank.markInterbankSent(id: id, by: current.staff, client: client(request, context))
            return HTTPResponses.redirect(to: interbankLocation(status, "done=sent&reception=\(transfer.receptionNumber)"))
        } catch {
            return try await renderInterbank(request, context, current, status: status, error: error, action: "sent")
        }
    }

    func returnInterbank(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let post = try await operationsPost(request, context)
        guard case .accepted(let current, let form) = post else { return post.refusedResponse }
        let status = Self.interbankStatus(form.value("status"))
        let reason = String(form.value("reason").prefix(400))
        guard let id = Self.positiveID(context.parameters.get("id")) else {
            return try await renderInterbank(request, context, current, status: status, error: BankError.transferNotFound,
                                             action: "return")
        }
        do {
            let transfer = try await bank.returnInterbank(id: id, reason: reason, by: current.staff, client: client(request, context))
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
        "/staff/interbank?" + (status.map { "status=\($0.rawValue)&" } ?? "") + query
    }

    /// The message of a refused 送信済にする / 返却, in the clerk's words.
    static func interbankMessageKey(_ error: any Error, action: String) -> String {
        switch error {
        case BankError.transferStatus("returned"): "error.interbank.already_returned"
        case BankError.transferStatus("sent") where action == "sent": "error.interbank.already_sent"
        case BankError.transferStatus: action == "sent" ? "error.interbank.not_accepted" : "error.transfer.status"
        case BankError.invalidInput: "error.interbank.reason"
        case let error as BankError: messageKey(error)
        default: "error.invalid_input"
        }
    }

    private func renderInterbank(_ request: Request, _ context: BankRequestContext, _ current: StaffSession,
                                 status: TransferStatus?, notices: [String] = [], error: (any Error)? = nil, action: String = "",
                                 failed: (id: Int64, reason: String)? = nil) async throws -> Response {
        let lang = language(request)
        // A transfer in the wrong status (a second 返却, say) is shown among those of its status
        // now: the clerk sees what the first submission did.
        var status = status
        if case BankError.transferStatus(let now)? = error { status = Self.interbankStatus(now) }
        var values = baseContext(request, titleKey: "staff_interbank_title", csrf: current.session.csrfToken, staff: current.staff)
        values["notices"] = notices
        values["status_value"] = status?.rawValue ?? ""
        values["may_operate"] = Self.mayOperate(current.staff)
        if let error { values["errors"] = [lang.text(Self.interbankMessageKey(error, action: action))] }
        let queue = try await bank.interbankQueue(status: status, by: current.staff, client: client(request, context))
        values["filters"] = statusFilterLinks(
            path: "/staff/interbank", statuses: Self.interbankStatuses.map(\.rawValue),
            counts: Dictionary(uniqueKeysWithValues: queue.counts.map { ($0.key.rawValue, $0.value) }),
            current: status?.rawValue, labelPrefix: "staff_interbank_status", lang)
        values["rows"] = queue.entries.map { entry -> [String: Any] in
            var row = interbankRow(entry, lang)
            if let failed, failed.id == entry.transfer.id {
                row["reason_value"] = failed.reason
                row["reason_error"] = error.map { lang.text(Self.interbankMessageKey($0, action: action)) } ?? false
            }
            return row
        }
        values["has_rows"] = !queue.entries.isEmpty
        values["row_count"] = lang.text("staff_rows_shown", String(queue.entries.count))
        if queue.truncated { values["truncated"] = lang.text("staff_rows_truncated", String(queue.entries.count)) }
        return try page("staff_interbank", values, status: error.map(Self.operationsStatus) ?? .ok)
    }

    private func interbankRow(_ entry: InterbankEntry, _ lang: Language) -> [String: Any] {
        let transfer = entry.transfer
        return [
            "id": String(transfer.id),
            "reception_number": transfer.receptionNumber,
            "accepted_at": formatTimestamp(transfer.createdAt),
            "customer_id": String(transfer.customerID),
            "login_id": entry.loginID,
            "customer_name": entry.customerName,
            "bank": "\(entry.bankName)（\(transfer.bankCode)）",
            "branch": "\(entry.branchName)（\(transfer.branchCode)）",
            "account": "\(lang.text(transfer.accountType.labelKey)) \(transfer.accountNumber)",
            "holder_name": transfer.holderName,
            "amount": transfer.amount.formatted,
            "fee": transfer.fee.formatted,
            "status": label("staff_interbank_status.\(transfer.status.rawValue)", or: transfer.status.rawValue, lang),
            "status_class": transfer.status.rawValue,
            "changed_at": transfer.statusChangedAt.map(formatTimestamp) ?? "—",
            "note": transfer.statusNote ?? "",
            "can_mark_sent": transfer.status == .accepted,
            "can_return": transfer.status == .accepted || transfer.status == .sent,
            "reason_value": "",
            "reason_error": false,
        ]
    }
}
