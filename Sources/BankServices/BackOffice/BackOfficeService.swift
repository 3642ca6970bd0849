import BankCore
import BankStore
import Foundation
import SQLKit

/// What the back office reads about customers: 顧客検索 and 顧客詳細. Every role reads; each
/// read is audited (`staff_view`) with who saw whom.
public struct BackOfficeService: BankUseCase {
    public let context: BankContext

    public init(context: BankContext) {
        self.context = context
    }
}

extension BackOfficeService {
    /// 顧客検索. Every search is audited (`staff_view`), naming each customer it showed.
    public func search(_ query: CustomerSearchQuery, by actor: BankActor,
                                client: ClientInfo? = nil) async throws -> [CustomerSummary] {
        try actor.requireStaff(StaffRole.readers)
        let (loginID, kana, account) = try Self.validate(query)
        let now = clock.now()
        return try await database.transaction { db in
            let customers = try await CustomerRecords.search(db, loginIDPrefix: loginID, kanaPrefix: kana, accountNumber: account,
                                                             limit: CustomerSearchQuery.maximumResults)
            let found = try await CustomerSummary.load(db, customers)
            let keys: [AuditDetail.Part] = [loginID.map { .field(.loginID, $0) }, kana.map { .field(.nameKana, $0) },
                                            account.map { .field(.account, $0) }].compactMap { $0 }
            // One row per customer shown, so that filtering the trail by a customer finds every
            // search that listed them; a search that found nobody is recorded too.
            if found.isEmpty {
                try await auditStaffView(db, actor, client: client, customerID: nil, loginID: nil,
                                         detail: AuditDetail([.code(.customerSearch)] + keys + [.field(.results, 0)]), at: now)
            }
            for customer in found {
                try await auditStaffView(db, actor, client: client, customerID: customer.id, loginID: customer.loginID,
                                         detail: AuditDetail([.code(.customerSearch)] + keys + [.field(.results, found.count)]), at: now)
            }
            return found
        }
    }

    /// The search keys as matched, or every field error at once; at least one key is needed.
    static func validate(_ query: CustomerSearchQuery) throws -> (String?, String?, String?) {
        func given(_ text: String?) -> String? {
            guard let text else { return nil }
            let trimmed = TextNormalizer.fullwidthASCIIToHalfwidth(text).trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty ? nil : trimmed
        }
        var errors: [FieldError] = []
        var loginID: String?, kana: String?, account: String?
        if let raw = given(query.loginID) {
            let id = CredentialPolicy.normalizeLoginID(raw)
            if id.count <= CredentialPolicy.loginIDLength.upperBound, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) {
                loginID = id
            } else {
                errors.append(FieldError(field: "login_id", messageKey: "error.login_id.characters"))
            }
        }
        if let raw = given(query.nameKana) {
            do { kana = try KanaName(validating: raw).value } catch {
                errors.append(FieldError(field: "name_kana", messageKey: error.messageKey))
            }
        }
        if let raw = given(query.accountNumber) {
            do { account = try AccountNumber(validating: raw).value } catch {
                errors.append(FieldError(field: "account_number", messageKey: "error.account_number.invalid"))
            }
        }
        guard errors.isEmpty else { throw BankError.invalidInput(errors) }
        guard loginID != nil || kana != nil || account != nil else {
            throw BankError.invalidInput([FieldError(field: "query", messageKey: "error.search.empty")])
        }
        return (loginID, kana, account)
    }
}
