import Hummingbird

/// 予約中の振込: the list (every role reads it), one booking, and the request to cancel it
/// (事務担当 and 役席; a different 役席 approves it under /staff/requests).
extension StaffSite {
    func addScheduledRoutes(to router: RouterGroup<BankRequestContext>) {
        router.get(StaffRoute.scheduled) { request, context in try await self.scheduledList(request, context) }
        router.get(StaffRoute.scheduledBooking(id: nil)) { request, context in try await self.scheduledBooking(request, context) }
        router.post(StaffRoute.scheduledCancel(id: nil)) { request, context in try await self.requestScheduledCancel(request, context) }
    }

    /// The screens' template names, for the test that renders every screen.
    static let scheduledScreenNames = ["staff_scheduled", "staff_scheduled_booking"]
}
