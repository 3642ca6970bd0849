import Hummingbird

/// The refusals many back-office screens answer with a page of their own.
extension StaffSite {
    func customerNotFound(_ request: Request, _ current: StaffSession) throws -> Response {
        try errorPage(request, messageKey: "error.staff.customer_not_found", status: .notFound,
                      csrf: current.session.csrfToken, staff: current.staff)
    }
}
