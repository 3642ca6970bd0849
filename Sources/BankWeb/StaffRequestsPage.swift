import BankCore
import BankServices
import BankStore
import Foundation
import Hummingbird

/// 承認待ち申請 (maker-checker): the list of requests, one request with its decision forms,
/// and the three decisions. The forms are offered only to whoever may use them; the service
/// enforces the rule either way (a different 役席 approves or rejects; the one who asked may
/// withdraw).
extension StaffSite {
    func requestList(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let gate = try await requireStaff(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        let lang = language(request)
        let rawStatus = Self.queryValue(request, "status") ?? AccessRequestStatus.pending.rawValue
        let status = AccessRequestStatus(rawValue: rawStatus)
        var values = baseContext(request, titleKey: "staff_requests_title", csrf: current.session.csrfToken, staff: current.staff)
        values["statuses"] = ([("all", lang.text("staff_requests_all"))] + AccessRequestStatus.allCases.map { ($0.rawValue, lang.text($0.labelKey)) })
            .map { ["value": $0.0, "label": $0.1, "selected": $0.0 == rawStatus] }
        guard status != nil || rawStatus == "all" else {
            values["errors"] = [lang.text("error.access_request.status")]
            return try page("staff_requests", values, status: .badRequest)
        }
        let requests = try await bank.accessRequests(status: status, by: current.staff, client: client(request, context))
        values["requests"] = requests.map { requestRow($0, lang) }
        values["has_requests"] = !requests.isEmpty
        return try page("staff_requests", values)
    }

    func requestDetail(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let gate = try await requireStaff(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        guard let id = Self.positiveID(context.parameters.get("id")) else { return try requestNotFound(request, current) }
        let notice = Self.queryValue(request, "made") != nil ? "staff_request_made"
            : Self.queryValue(request, "decided").map { "staff_request_decided.\($0)" }
        return try await renderRequest(request, context, current, id: id, notice: notice)
    }

    func decideRequest(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let gate = try await requireStaff(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        guard let id = Self.positiveID(context.parameters.get("id")) else { return try requestNotFound(request, current) }
        let form = try await FormBody.read(request, context: context)
        guard verifyForm(request, form: form, session: current.session) else { return try csrfRefusal(request, current) }
        let who = client(request, context)
        let decision = context.parameters.get("decision") ?? ""
        do {
            switch decision {
            case "approve": _ = try await bank.approveAccessRequest(id: id, note: form.value("note"), by: current.staff, client: who)
            case "reject": _ = try await bank.rejectAccessRequest(id: id, note: form.value("note"), by: current.staff, client: who)
            case "withdraw": _ = try await bank.withdrawAccessRequest(id: id, by: current.staff, client: who)
            default: return try requestNotFound(request, current)
            }
            return HTTPResponses.redirect(to: "/staff/requests/\(id)?decided=\(decision)")
        } catch let error as BankError {
            let status: HTTPResponse.Status = switch error {
            case .accessRequest(.notFound): .notFound
            case .accessRequest(.alreadyDecided): .conflict
            case .accessRequest(.ownRequest), .accessRequest(.notApprover), .accessRequest(.notRequester), .staff(.forbidden): .forbidden
            default: .badRequest
            }
            return try await renderRequest(request, context, current, id: id, errors: messages(error, language(request)),
                                           status: status, noteValue: form.value("note"))
        }
    }

    private func renderRequest(_ request: Request, _ context: BankRequestContext, _ current: StaffSession, id: Int64,
                               notice: String? = nil, errors: [String] = [], status: HTTPResponse.Status = .ok,
                               noteValue: String = "") async throws -> Response {
        let lang = language(request)
        let record: AccessRequestRecord
        do {
            record = try await bank.accessRequest(id: id, by: current.staff, client: client(request, context))
        } catch BankError.accessRequest(.notFound) {
            return try requestNotFound(request, current)
        }
        var values = baseContext(request, titleKey: "staff_request_title", csrf: current.session.csrfToken, staff: current.staff)
        values["request"] = requestRow(record, lang)
        let pending = record.status == .pending
        let own = record.requestedBy == current.staff.id
        values["may_decide"] = pending && !own && StaffRole.approvers.contains(current.staff.role)
        values["may_withdraw"] = pending && own
        values["awaiting_other"] = pending && own
        values["note_value"] = noteValue
        if let notice { values["notice"] = label(notice, or: "", lang) }
        values["errors"] = errors
        return try page("staff_request", values, status: status)
    }

    func requestNotFound(_ request: Request, _ current: StaffSession) throws -> Response {
        try errorPage(request, messageKey: "error.access_request.not_found", status: .notFound,
                      csrf: current.session.csrfToken, staff: current.staff)
    }

    func addRequestRoutes(to router: Router<BankRequestContext>) {
        router.get("/staff/customers/:id/access") { request, context in try await self.accessPage(request, context) }
        router.post("/staff/customers/:id/access") { request, context in try await self.submitAccessRequest(request, context) }
        router.post("/staff/customers/:id/limit") { request, context in try await self.submitLimitChange(request, context) }
        router.get("/staff/requests") { request, context in try await self.requestList(request, context) }
        router.get("/staff/requests/:id") { request, context in try await self.requestDetail(request, context) }
        router.post("/staff/requests/:id/:decision") { request, context in try await self.decideRequest(request, context) }
    }
}
