import BankCore
import BankServices
import BankStore
import Foundation
import Hummingbird

/// 元帳検証: the double-entry check (OK, or every problem found) and the balances per
/// customer account type and per internal account, with the grand total that must be zero.
extension StaffSite {
    func ledger(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let gate = try await requireStaff(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        let lang = language(request)
        var values = baseContext(request, titleKey: "staff_ledger_title", csrf: current.session.csrfToken, staff: current.staff)
        let overview: LedgerOverview
        do {
            overview = try await bank.ledgerOverview(by: current.staff, client: client(request, context))
        } catch let error as BankError {
            return try errorPage(request, messageKey: Self.messageKey(error), status: Self.status(of: error),
                                 csrf: current.session.csrfToken, staff: current.staff)
        }
        let verification = overview.verification
        let totals = overview.totals
        values["consistent"] = verification.isConsistent
        values["checked_at"] = formatTimestamp(overview.checkedAt)
        values["counts"] = [
            "accounts": String(verification.accounts), "transactions": String(verification.transactions),
            "entries": String(verification.entries), "sum_entries": Yen(verification.sumOfAllEntries).formatted,
        ]
        values["unbalanced"] = verification.unbalancedTransactions.map(String.init)
        values["has_unbalanced"] = !verification.unbalancedTransactions.isEmpty
        values["mismatched"] = verification.mismatchedAccounts.map { mismatch -> [String: Any] in
            ["account": ledgerAccountName(mismatch.accountID, overview, lang), "balance": Yen(mismatch.balance).formatted,
             "sum_of_entries": Yen(mismatch.sumOfEntries).formatted]
        }
        values["has_mismatched"] = !verification.mismatchedAccounts.isEmpty
        values["negative"] = verification.negativeBalances.map { id -> [String: Any] in
            ["account": ledgerAccountName(id, overview, lang),
             "balance": overview.problemAccounts[id]?.balance.formatted ?? "—"]
        }
        values["has_negative"] = !verification.negativeBalances.isEmpty
        values["customer_types"] = totals.customerTypes.map { type -> [String: Any] in
            ["type": label("account_type.\(type.accountType)", or: type.accountType, lang), "type_code": type.accountType,
             "accounts": String(type.accounts), "balance": type.balance.formatted]
        }
        values["customer_accounts"] = String(totals.customerAccounts)
        values["customer_total"] = totals.customerBalance.formatted
        values["internal_accounts"] = totals.internalAccounts.map { account -> [String: Any] in
            ["name": label("staff_ledger_internal.\(account.code)", or: account.code, lang), "code": account.code,
             "number": "\(account.branchCode)-\(account.accountNumber)", "balance": account.balance.formatted]
        }
        values["internal_total"] = totals.internalBalance.formatted
        values["grand_total"] = totals.grandTotal.formatted
        values["grand_total_ok"] = totals.grandTotal == .zero
        return try page("staff_ledger", values)
    }

    /// `ID 12（001-1000001 ﾀﾅｶ ﾊﾅｺ）`: the account a problem names, as far as it is known.
    private func ledgerAccountName(_ id: Int64, _ overview: LedgerOverview, _ lang: Language) -> String {
        guard let account = overview.problemAccounts[id] else { return "ID \(id)" }
        let owner = account.internalCode.map { label("staff_ledger_internal.\($0)", or: $0, lang) } ?? account.holderName
        return "ID \(id)（\(account.branchCode)-\(account.accountNumber) \(owner)）"
    }
}
