import BankCore
import BankServices
import Foundation
import Hummingbird

/// 承認待ち申請 (maker-checker): the list of access requests, by status (承認待ち first).
extension StaffSite {
    func requestList(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireStaff()
        let lang = language(request)
        let rawStatus = Self.queryValue(request, "status") ?? AccessRequestStatus.pending.rawValue
        let status = AccessRequestStatus(rawValue: rawStatus)
        let title = "staff_requests.title"
        var model = StaffRequestListPageModel(
            statuses: ([("all", lang.text("staff_requests.all"))] + AccessRequestStatus.allCases.map { ($0.rawValue, lang.text($0.labelKey)) })
                .map { SelectOption(value: $0.0, label: $0.1, selected: $0.0 == rawStatus) })
        guard status != nil || rawStatus == "all" else {
            return try page("staff_requests", model,
                            chrome(request, titleKey: title, current, errors: [lang.text("error.access_request.status")]),
                            status: .badRequest)
        }
        let requests = try await bank.accessRequests.list(status: status, by: .staff(current.staff), client: client(request, context))
        model.requests = requests.map { requestRow($0, lang) }
        model.hasRequests = !requests.isEmpty
        return try page("staff_requests", model, chrome(request, titleKey: title, current))
    }
}
