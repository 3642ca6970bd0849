import BankCore
import BankStore
import Foundation
import SQLKit

/// 顧客検索: any of ログインID (prefix), カナ氏名 (prefix; hiragana, full-width katakana and
/// spaces are normalised like a 受取人名) and 口座番号 (7 digits, any branch); the keys given
/// must all match.
public struct CustomerSearchQuery: Sendable, Equatable {
    public var loginID: String?
    public var nameKana: String?
    public var accountNumber: String?

    /// At most this many customers are listed; narrow the search for more.
    public static let maximumResults = 50

    public init(loginID: String? = nil, nameKana: String? = nil, accountNumber: String? = nil) {
        self.loginID = loginID; self.nameKana = nameKana; self.accountNumber = accountNumber
    }
}

/// A customer as the back office lists them: personal data and accounts, never a password hash.
public struct CustomerSummary: Sendable, Equatable {
    public var id: Int64
    public var loginID: String
    public var nameKanji: String
    public var nameKana: String
    public var pcEmail: String
    public var mobileEmail: String?
    public var status: String
    public var createdAt: Date
    public var lastLoginAt: Date?
    public var previousLoginAt: Date?
    /// The customer's accounts with their balances.
    public var accounts: [AccountRecord]
    /// Every locked credential, in `Credential.allCases` order: 状態 shows them beside 利用中,
    /// for a customer who cannot log in or pay is not simply "active".
    public var locks: [Credential]

    init(_ customer: CustomerRecord, accounts: [AccountRecord], locks: [Credential]) {
        id = customer.id; loginID = customer.loginID; nameKanji = customer.nameKanji; nameKana = customer.nameKana
        pcEmail = customer.pcEmail; mobileEmail = customer.mobileEmail; status = customer.status
        createdAt = customer.createdAt; lastLoginAt = customer.lastLoginAt; previousLoginAt = customer.previousLoginAt
        self.accounts = accounts
        self.locks = locks
    }
}

extension CustomerSummary {
    /// One customer as the back office shows them, with accounts and locks.
    static func load(_ db: any SQLDatabase, _ customer: CustomerRecord) async throws -> CustomerSummary {
        CustomerSummary(customer, accounts: try await AccountRecords.forCustomer(db, customerID: customer.id),
                        locks: try await CustomerRecords.lockedCredentials(db, of: [customer.id])[customer.id] ?? [])
    }
}

extension Bank {
    /// 顧客検索. Every search is audited (`staff_view`), naming each customer it showed.
    public func searchCustomers(_ query: CustomerSearchQuery, by staff: StaffRecord,
                                client: ClientInfo? = nil) async throws -> [CustomerSummary] {
        try requireRole(staff, allowed: StaffRole.readers)
        let (loginID, kana, account) = try Self.validate(query)
        let now = clock.now()
        return try await database.transaction { db in
            let customers = try await CustomerRecords.search(db, loginIDPrefix: loginID, kanaPrefix: kana, accountNumber: account,
                                                             limit: CustomerSearchQuery.maximumResults)
            // Three queries for the whole list, however long: customers, their accounts, their locks.
            let ids = customers.map(\.id)
            let accounts = try await CustomerRecords.accounts(db, of: ids)
            let locks = try await CustomerRecords.lockedCredentials(db, of: ids)
            let found = customers.map { CustomerSummary($0, accounts: accounts[$0.id] ?? [], locks: locks[$0.id] ?? []) }
            let keys = [loginID.map { "login_id=\($0)" }, kana.map { "name_kana=\($0)" }, account.map { "account=\($0)" }]
                .compactMap { $0 }.joined(separator: " ")
            // One row per customer shown, so that filtering the trail by a customer finds every
            // search that listed them; a search that found nobody is recorded too.
            if found.isEmpty {
                try await auditStaffView(db, staff, client: client, customerID: nil, loginID: nil,
                                         detail: "customer_search \(keys) results=0", at: now)
            }
            for customer in found {
                try await auditStaffView(db, staff, client: client, customerID: customer.id, loginID: customer.loginID,
                                         detail: "customer_search \(keys) results=\(found.count)", at: now)
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

    /// One `staff_view` row: which member of staff saw which customer's data, from where.
    func auditStaffView(_ db: any SQLDatabase, _ staff: StaffRecord, client: ClientInfo?, customerID: Int64?,
                        loginID: String?, detail: String, at now: Date) async throws {
        try await AuditRecords.append(db, AuditEvent(
            at: now, event: "staff_view", result: .success, actor: staff.actor, customerID: customerID, loginID: loginID,
            ip: client?.ip ?? "", userAgent: client?.userAgent ?? "", detail: detail))
    }
}
