import BankCore
import BankServices
import Foundation
import Hummingbird

/// 元帳検証: the double-entry check (OK, or every problem found) and the balances per
/// customer account type and per internal account, with the grand total that must be zero.
extension StaffSite {
    func ledger(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireStaff()
        let lang = language(request)
        // A refusal is answered by ErrorPresenter.Pages.
        let overview: LedgerOverview = try await bank.ledger.overview(by: .staff(current.staff), client: client(request, context))
        let verification = overview.verification
        let totals = overview.totals
        let model = StaffLedgerPageModel(
            consistent: verification.isConsistent, checkedAt: formatTimestamp(overview.checkedAt),
            counts: .init(accounts: String(verification.accounts), transactions: String(verification.transactions),
                          entries: String(verification.entries), sumEntries: Yen(verification.sumOfAllEntries).formatted),
            unbalanced: verification.unbalancedTransactions.map(String.init),
            hasUnbalanced: !verification.unbalancedTransactions.isEmpty,
            mismatched: verification.mismatchedAccounts.map { mismatch in
                .init(account: ledgerAccountName(mismatch.accountID, overview, lang), balance: Yen(mismatch.balance).formatted,
                      sumOfEntries: Yen(mismatch.sumOfEntries).formatted)
            },
            hasMismatched: !verification.mismatchedAccounts.isEmpty,
            negative: verification.negativeBalances.map { id in
                .init(account: ledgerAccountName(id, overview, lang), balance: overview.problemAccounts[id]?.balance.formatted ?? "—")
            },
            hasNegative: !verification.negativeBalances.isEmpty,
            customerTypes: totals.customerTypes.map { type in
                .init(type: label("account_type.\(type.accountType)", or: type.accountType, lang), typeCode: type.accountType,
                      accounts: String(type.accounts), balance: type.balance.formatted)
            },
            customerAccounts: String(totals.customerAccounts), customerTotal: totals.customerBalance.formatted,
            internalAccounts: totals.internalAccounts.map { account in
                .init(name: label("staff_ledger_internal.\(account.code)", or: account.code, lang), code: account.code,
                      number: "\(account.branchCode)-\(account.accountNumber)", balance: account.balance.formatted)
            },
            internalTotal: totals.internalBalance.formatted, grandTotal: totals.grandTotal.formatted,
            grandTotalOK: totals.grandTotal == .zero)
        return try page("staff_ledger", model, chrome(request, titleKey: "staff_ledger.title", current))
    }

    /// `ID 12（001-1000001 ﾀﾅｶ ﾊﾅｺ）`: the account a problem names, as far as it is known.
    private func ledgerAccountName(_ id: Int64, _ overview: LedgerOverview, _ lang: Language) -> String {
        guard let account = overview.problemAccounts[id] else { return "ID \(id)" }
        let owner = account.internalCode.map { label("staff_ledger_internal.\($0)", or: $0, lang) } ?? account.holderName
        return "ID \(id)（\(account.branchCode)-\(account.accountNumber) \(owner)）"
    }
}
