import BankCore
import BankStore
import BankTestSupport
import Foundation
import Testing

extension Site {
    /// 金融機関・支店の検索, reached from the 他口座 form's 金融機関を検索 button: the bank picker
    /// with the か row open, and the branches of 架空サンプル銀行. The demo master is stored
    /// directly (no import audit row, so the back office's audit screen is unchanged).
    func renderBankSearchScreens(_ browser: Browser) async throws -> [String: WebResponse] {
        let entries = try BankDirectoryCSV.parse(BankDirectoryCSV.demo).map {
            BankBranchName(bankCode: $0.bankCode.value, bankName: $0.bankName, bankNameKana: $0.bankNameKana.value,
                           branchCode: $0.branchCode.value, branchName: $0.branchName, branchNameKana: $0.branchNameKana.value)
        }
        _ = try await bank.database.transaction { db in try await BankDirectoryRecords.upsert(db, entries) }
        var rendered: [String: WebResponse] = [:]
        let source = String(customer.ordinary.id)
        let search = try await browser.post("/transfer/other", form: [
            ("_csrf", try await browser.sessionToken()), ("source", source), ("bank_code", ""), ("branch_code", ""),
            ("account_type", "ordinary"), ("account_number", "1234567"), ("holder_name", ""), ("search", "bank")])
        let banks = try #require(search.location)
        #expect(banks == "/transfer/destination/bank?source=\(source)&account_type=ordinary&account_number=1234567")
        rendered["transfer_bank_search"] = try await browser.get(banks + "&row=%E3%81%8B")
        rendered["transfer_branch_search"] = try await browser.get(
            "/transfer/destination/branch?source=\(source)&bank_code=0998&account_type=ordinary&account_number=1234567")
        return rendered
    }
}
