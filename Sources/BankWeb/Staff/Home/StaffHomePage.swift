import BankCore
import Hummingbird

/// 事務管理部 ホーム: who is logged in, with which role, and what the back office offers.
extension StaffSite {
    func home(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireStaff()
        let pending = try await bank.accessRequests.pendingCount(by: .staff(current.staff))
        let model = StaffHomePageModel(
            pendingRequests: pending > 0 ? language(request).text("staff_home.pending_requests", String(pending)) : nil)
        return try page("staff_home", model, chrome(request, titleKey: "staff_home.title", current))
    }
}
