import Hummingbird

/// アクセス回復・振込限度額 and 承認待ち申請.
extension StaffSite {
    func addRequestRoutes(to router: RouterGroup<BankRequestContext>) {
        router.get(StaffRoute.access(customerID: nil)) { request, context in try await self.accessPage(request, context) }
        router.post(StaffRoute.access(customerID: nil)) { request, context in try await self.submitAccessRequest(request, context) }
        router.post(StaffRoute.limit(customerID: nil)) { request, context in try await self.submitLimitChange(request, context) }
        router.get(StaffRoute.requests) { request, context in try await self.requestList(request, context) }
        router.get(StaffRoute.request(id: nil)) { request, context in try await self.requestDetail(request, context) }
        router.post(StaffRoute.requestDecision(id: nil, decision: nil)) { request, context in try await self.decideRequest(request, context) }
    }
}
