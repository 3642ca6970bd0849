import BankCore
import Foundation
import SQLKit

/// What the ledger holds, summed (元帳検証): customer accounts per account type, and each of
/// the bank's own accounts (cash, interbank_clearing, fee_income …) with its balance.
public struct LedgerTotals: Sendable, Equatable, Codable {
    /// The customer accounts of one type (`ordinary` 普通, `current` 当座, `savings` 貯蓄).
    public struct CustomerType: Sendable, Equatable, Codable {
        /// The stored type name; kept as text so a type a newer version writes is still counted.
        public var accountType: String
        public var accounts: Int
        public var balance: Yen
    }

    /// One of the bank's internal accounts.
    public struct InternalAccount: Sendable, Equatable, Codable {
        public var id: Int64
        public var code: String
        public var branchCode: String
        public var accountNumber: String
        public var balance: Yen
    }

    /// Every type of `AccountType` in its order (zero when no account has it), then any other.
    public var customerTypes: [CustomerType]
    public var internalAccounts: [InternalAccount]

    public var customerAccounts: Int { customerTypes.reduce(0) { $0 + $1.accounts } }
    public var customerBalance: Yen { customerTypes.reduce(.zero) { $0 + $1.balance } }
    public var internalBalance: Yen { internalAccounts.reduce(.zero) { $0 + $1.balance } }
    /// Every balance of every account. Each yen a customer holds came out of one of the bank's
    /// own accounts (cash for a deposit, and so on), so a sound ledger sums to zero.
    public var grandTotal: Yen { customerBalance + internalBalance }
}

extension LedgerRecords {
    /// The totals in one statement, so that a posting committed meanwhile is either wholly in
    /// them or not at all (each statement sees one snapshot, on both engines).
    public static func totals(_ db: any SQLDatabase) async throws -> LedgerTotals {
        // SUM over BIGINT is NUMERIC on PostgreSQL: cast back so both engines decode Int64.
        let rows = try await db.raw("""
            SELECT internal_code, account_type, COUNT(*) AS accounts,
                   CAST(COALESCE(SUM(balance), 0) AS BIGINT) AS total,
                   MIN(id) AS first_id, MIN(branch_code) AS branch_code, MIN(account_number) AS account_number
            FROM accounts
            GROUP BY internal_code, account_type
            ORDER BY MIN(id)
            """).all()
        var byType: [String: LedgerTotals.CustomerType] = [:]
        var otherTypes: [String] = []
        var internals: [LedgerTotals.InternalAccount] = []
        for row in rows {
            let type = try row.decode(column: "account_type", as: String.self)
            let total = Yen(try row.decode(column: "total", as: Int64.self))
            if let code = try row.decode(column: "internal_code", as: String?.self) {
                internals.append(LedgerTotals.InternalAccount(
                    id: try row.decode(column: "first_id", as: Int64.self), code: code,
                    branchCode: try row.decode(column: "branch_code", as: String.self),
                    accountNumber: try row.decode(column: "account_number", as: String.self), balance: total))
            } else {
                if AccountType(rawValue: type) == nil { otherTypes.append(type) }
                byType[type] = LedgerTotals.CustomerType(accountType: type, accounts: try row.decode(column: "accounts", as: Int.self),
                                                         balance: total)
            }
        }
        let types = AccountType.allCases.map(\.rawValue) + otherTypes
        return LedgerTotals(
            customerTypes: types.map { byType[$0] ?? LedgerTotals.CustomerType(accountType: $0, accounts: 0, balance: .zero) },
            internalAccounts: internals)
    }
}
