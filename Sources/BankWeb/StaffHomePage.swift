import BankCore
import Hummingbird

/// 事務管理部 ホーム: who is logged in, with which role, and what the back office offers.
extension StaffSite {
    func home(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let gate = try await requireStaff(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        var values = baseContext(request, titleKey: "staff_home_title", csrf: current.session.csrfToken, staff: current.staff)
        let pending = try await bank.pendingAccessRequestCount(by: current.staff)
        if pending > 0 {
            values["pending_requests"] = language(request).text("staff_home_pending_requests", String(pending))
        }
        return try page("staff_home", values)
    }
}
