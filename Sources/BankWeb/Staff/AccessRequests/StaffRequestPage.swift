import BankCore
import BankServices
import Foundation
import Hummingbird

/// One access request with its decision forms, and the three decisions. The forms are
/// offered only to whoever may use them; the service enforces the rule either way (a
/// different 役席 approves or rejects; the one who asked may withdraw).
extension StaffSite {
    func requestDetail(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireStaff()
        guard let id = Self.positiveID(context.parameters.get("id")) else { return try requestNotFound(request, current) }
        let notice = Self.queryValue(request, "made") != nil ? "staff_request.made"
            : Self.queryValue(request, "decided").map { "staff_request_decided.\($0)" }
        return try await renderRequest(request, context, current, id: id, notice: notice)
    }

    func decideRequest(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireStaff()
        guard let id = Self.positiveID(context.parameters.get("id")) else { return try requestNotFound(request, current) }
        let form = try await FormBody.read(request, context: context)
        let who = client(request, context)
        let decision = context.parameters.get("decision") ?? ""
        do {
            switch decision {
            case "approve": _ = try await bank.accessRequests.approve(id: id, note: form.value("note"), by: .staff(current.staff), client: who)
            case "reject": _ = try await bank.accessRequests.reject(id: id, note: form.value("note"), by: .staff(current.staff), client: who)
            case "withdraw": _ = try await bank.accessRequests.withdraw(id: id, by: .staff(current.staff), client: who)
            default: return try requestNotFound(request, current)
            }
            return HTTPResponses.redirect(to: StaffRoute.request(id: id), query: ["decided": decision])
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
        let record: AccessRequestView
        do {
            record = try await bank.accessRequests.find(id: id, by: .staff(current.staff), client: client(request, context))
        } catch BankError.accessRequest(.notFound) {
            return try requestNotFound(request, current)
        }
        let pending = record.status == .pending
        let own = record.requestedBy == current.staff.id
        let model = StaffRequestPageModel(
            request: requestRow(record, lang), id: record.id,
            mayDecide: pending && !own && StaffRole.approvers.contains(current.staff.role),
            mayWithdraw: pending && own, awaitingOther: pending && own, noteValue: noteValue)
        return try page("staff_request", model, chrome(request, titleKey: "staff_request.title", current,
                                                       notice: notice.map { label($0, or: "", lang) }, errors: errors),
                        status: status)
    }

    func requestNotFound(_ request: Request, _ current: StaffSession) throws -> Response {
        try errorPage(request, messageKey: "error.access_request.not_found", status: .notFound,
                      csrf: current.session.csrfToken, staff: current.staff)
    }
}
