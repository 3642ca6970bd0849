import BankCore
import BankServices
import Foundation
import Hummingbird

/// 窓口業務 (counter work) on the web: 顧客新規登録, 口座開設, 入金・出金, 届出済み振込先の登録と
/// 削除, 登録メールアドレス変更. Every write is a POST with the staff CSRF token; the service
/// checks the role (事務担当・役席) and writes the audit row, the page only shows the answer.
extension StaffSite {
    func addCounterRoutes(to router: RouterGroup<BankRequestContext>) {
        router.get(StaffRoute.customerNew) { request, context in try await self.showCounterCustomerNew(request, context) }
        router.post(StaffRoute.customerNew) { request, context in try await self.submitCounterCustomerNew(request, context) }
        router.get(StaffRoute.accountNew(customerID: nil)) { request, context in try await self.showCounterAccountNew(request, context) }
        router.post(StaffRoute.accountNew(customerID: nil)) { request, context in try await self.submitCounterAccountNew(request, context) }
        router.get(StaffRoute.postingNew(customerID: nil)) { request, context in try await self.showCounterPostingNew(request, context) }
        router.post(StaffRoute.postingNew(customerID: nil)) { request, context in try await self.submitCounterPostingNew(request, context) }
        router.get(StaffRoute.payeeNew(customerID: nil)) { request, context in try await self.showCounterPayeeNew(request, context) }
        router.post(StaffRoute.payeeNew(customerID: nil)) { request, context in try await self.submitCounterPayeeNew(request, context) }
        router.get(StaffRoute.payeeDelete(customerID: nil, payeeID: nil)) { request, context in
            try await self.showCounterPayeeDelete(request, context)
        }
        router.post(StaffRoute.payeeDelete(customerID: nil, payeeID: nil)) { request, context in
            try await self.submitCounterPayeeDelete(request, context)
        }
        router.get(StaffRoute.mailAddress(customerID: nil)) { request, context in try await self.showCounterMailAddress(request, context) }
        router.post(StaffRoute.mailAddress(customerID: nil)) { request, context in try await self.submitCounterMailAddress(request, context) }
    }
}

extension StaffSite {
    /// The counter's screens, for the test that renders every template.
    static let counterScreenNames = [
        "staff_counter_customer_new", "staff_counter_customer_created", "staff_counter_account_new",
        "staff_counter_posting_new", "staff_counter_posting_done", "staff_counter_payee_new", "staff_counter_payee_delete",
        "staff_counter_mail_address",
    ]
}
