import BankCore
import BankStore
import Foundation
import SQLKit

/// 補償判定資料 by the customer's ログインID or name: what a clerk has in hand when a customer
/// calls, rather than the bank's internal customer number (which still works, for links).
public enum CompensationLookup: Sendable, Equatable {
    /// One customer matched: their report.
    case report(CompensationReport)
    /// Several customers share the name: the clerk picks one (none is empty: `customerNotFound`).
    case choices([CustomerSummary])
}

extension Bank {
    /// The most customers offered to choose from; a name shared by more needs the ログインID.
    public static let compensationChoiceLimit = 20

    /// 補償判定資料 for the customer `key` names: a ログインID (exactly), else a 漢字氏名 or a
    /// カナ氏名 (hiragana and full-width katakana read as a 受取人名 is; spaces not counted).
    /// Several customers of that name are returned to choose from, each audited as viewed.
    public func compensationReport(customer key: String, from: Date, to: Date, by staff: StaffRecord,
                                   client: ClientInfo? = nil) async throws -> CompensationLookup {
        try requireRole(staff, allowed: StaffRole.readers)
        let text = TextNormalizer.fullwidthASCIIToHalfwidth(key).trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty, text.count <= 64 else {
            throw BankError.invalidInput([FieldError(field: "customer", messageKey: "error.staff.customer_key")])
        }
        let loginID = CredentialPolicy.normalizeLoginID(text)
        let kana = try? KanaName(validating: text).value
        let now = clock.now()
        let found: [CustomerRecord] = try await database.read { db in
            if let customer = try await CustomerRecords.find(db, loginID: loginID) { return [customer] }
            return try await CustomerRecords.named(db, kanji: text, kana: kana, limit: Self.compensationChoiceLimit)
        }
        switch found.count {
        case 0:
            throw BankError.customerNotFound
        case 1:
            return .report(try await compensationReport(customerID: found[0].id, from: from, to: to, by: staff, client: client))
        default:
            return .choices(try await database.transaction { db in
                var choices: [CustomerSummary] = []
                for customer in found {
                    choices.append(try await CustomerSummary.load(db, customer))
                    try await auditStaffView(db, staff, client: client, customerID: customer.id, loginID: customer.loginID,
                                             detail: "compensation_choices results=\(found.count)", at: now)
                }
                return choices
            })
        }
    }
}
