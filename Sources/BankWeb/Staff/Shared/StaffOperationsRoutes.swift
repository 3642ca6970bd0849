import BankCore
import BankServices
import Foundation
import Hummingbird

/// The back office's operations screens: メール送信状況 (/staff/mail), 他行振込
/// (/staff/interbank) and 元帳検証 (/staff/ledger). Reading is for every role; the changes are
/// POST forms with the staff CSRF token, and the service decides who may make them.
extension StaffSite {
    func addOperationsRoutes(to router: RouterGroup<BankRequestContext>) {
        router.get(StaffRoute.mail) { request, context in try await self.mailOutbox(request, context) }
        router.post(StaffRoute.mailRetryFailed) { request, context in try await self.retryAllFailedMail(request, context) }
        router.post(StaffRoute.mailRetry(id: nil)) { request, context in try await self.retryMail(request, context) }
        router.get(StaffRoute.interbank) { request, context in try await self.interbankQueue(request, context) }
        router.post(StaffRoute.interbankSent(id: nil)) { request, context in try await self.markInterbankSent(request, context) }
        router.post(StaffRoute.interbankReturn(id: nil)) { request, context in try await self.returnInterbank(request, context) }
        router.post(StaffRoute.interbankExport) { request, context in try await self.exportInterbank(request, context) }
        router.post(StaffRoute.interbankReexport) { request, context in try await self.reexportInterbank(request, context) }
        router.get(StaffRoute.ledger) { request, context in try await self.ledger(request, context) }
    }

    /// The screens' template names, for the test that renders every screen.
    static let operationsScreenNames = ["staff_mail", "staff_interbank", "staff_ledger"]
}
