import BankCore
import BankStore
import Foundation
import SQLKit

extension CompensationService {
    /// The most customers offered to choose from; a name shared by more needs the ログインID.
    public static let choiceLimit = 20

    /// 補償判定資料 for the customer `key` names: a ログインID (exactly), else a 漢字氏名 or a
    /// カナ氏名 (hiragana and full-width katakana read as a 受取人名 is; spaces not counted).
    /// Several customers of that name are returned to choose from, each audited as viewed.
    public func find(customer key: String, from: Date, to: Date, by actor: BankActor,
                                   client: ClientInfo? = nil) async throws -> CompensationLookup {
        try actor.requireStaff(StaffRole.readers)
        let text = TextNormalizer.fullwidthASCIIToHalfwidth(key).trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty, text.count <= 64 else {
            throw BankError.invalidInput([FieldError(field: "customer", messageKey: "error.staff.customer_key")])
        }
        let loginID = CredentialPolicy.normalizeLoginID(text)
        let kana = try? KanaName(validating: text).value
        let now = clock.now()
        let found: [CustomerRecord] = try await database.read { db in
            if let customer = try await CustomerRecords.find(db, loginID: loginID) { return [customer] }
            return try await CustomerRecords.named(db, kanji: text, kana: kana, limit: Self.choiceLimit)
        }
        switch found.count {
        case 0:
            throw BankError.customerNotFound
        case 1:
            return .report(try await report(customerID: found[0].id, from: from, to: to, by: actor, client: client))
        default:
            return .choices(try await database.transaction { db in
                var choices: [CustomerSummary] = []
                for customer in found {
                    choices.append(try await CustomerSummary.load(db, customer))
                    try await auditStaffView(db, actor, client: client, customerID: customer.id, loginID: customer.loginID,
                                             detail: [.code(.compensationChoices), .field(.results, found.count)], at: now)
                }
                return choices
            })
        }
    }

    /// 補償判定資料 for the transfer a customer names on the phone by its 受付番号
    /// (`20261201-483920`); otherwise as `report(transferID:by:client:)`.
    public func report(receptionNumber: String, by actor: BankActor,
                                   client: ClientInfo? = nil) async throws -> CompensationReport {
        try actor.requireStaff(StaffRole.readers)
        guard ReceptionNumber.isWellFormed(receptionNumber),
              let transfer = try await database.read({ db in try await TransferRecords.findByReception(db, receptionNumber) }) else {
            throw BankError.transferNotFound
        }
        return try await report(transferID: transfer.id, by: actor, client: client)
    }
}
