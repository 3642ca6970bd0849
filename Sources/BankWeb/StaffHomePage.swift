import BankCore
import Hummingbird

/// 事務管理部 ホーム: who is logged in, with which role, and what the back office offers.
extension StaffSite {
    func home(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let gate = try await requireStaff(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        let values = baseContext(request, titleKey: "staff_home_title", csrf: current.session.csrfToken, staff: current.staff)
        return try page("staff_home", values)
    }
}
