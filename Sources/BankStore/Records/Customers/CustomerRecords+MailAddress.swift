import BankCore
import Foundation
import SQLKit

extension CustomerRecords {
    /// Replaces the customer's PC (`mobile` false) or mobile mail address.
    public static func setMailAddress(_ db: any SQLDatabase, customerID: Int64, mobile: Bool, to address: String) async throws {
        if mobile {
            try await db.raw("UPDATE customers SET mobile_email = \(bind: address) WHERE id = \(bind: customerID)").run()
        } else {
            try await db.raw("UPDATE customers SET pc_email = \(bind: address) WHERE id = \(bind: customerID)").run()
        }
    }
}
