import BankCore
import Foundation
import Testing

private let header = "bank_code,bank_name,bank_name_kana,branch_code,branch_name,branch_name_kana"

@Suite struct BankDirectoryCSVTests {
    func problem(_ text: String) -> BankDirectoryCSVError? {
        do {
            _ = try BankDirectoryCSV.parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func theDemoParses() throws {
        let entries = try BankDirectoryCSV.parse(BankDirectoryCSV.demo)
        let ours = entries.filter { $0.bankCode.value == "2999" }
        #expect(ours.map(\.branchCode.value) == ["001", "002", "003"])
        #expect(ours.map(\.branchName) == ["本店", "吉田支店", "分水支店"])
        #expect(ours.allSatisfy { $0.bankName == "協栄信用組合" && $0.bankNameKana.value == "ｷﾖｳｴｲｼﾝｸﾐ" })
        let others = Dictionary(grouping: entries.filter { $0.bankCode.value != "2999" }, by: \.bankCode)
        #expect((3...4).contains(others.count))
        #expect(others.values.allSatisfy { (2...3).contains($0.count) })
    }

    @Test func theShippedFileIsTheDemo() throws {
        let file = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("data/banks-demo.csv")
        #expect(try String(contentsOf: file, encoding: .utf8) == BankDirectoryCSV.demo)
    }

    @Test func bomCRLFAndQuotes() throws {
        let rows = "\u{FEFF}\(header)\r\n"
            + "0998,\"架空サンプル銀行, 本部\",ｶｸｳｻﾝﾌﾟﾙ,100,\"本店\"\"営業部\"\"\",ほんてん\r\n"
        let entries = try BankDirectoryCSV.parse(rows)
        #expect(entries.count == 1)
        #expect(entries[0].bankName == "架空サンプル銀行, 本部")
        #expect(entries[0].branchName == "本店\"営業部\"")
        #expect(entries[0].branchNameKana.value == "ﾎﾝﾃﾝ")
        // After a blank line, the same name unquoted splits into seven fields: line 4.
        let unquoted = rows + "\r\n" + "0998,架空サンプル銀行, 本部,ｶｸｳｻﾝﾌﾟﾙ,201,駅前支店,ｴｷﾏｴ"
        #expect(problem(unquoted) == BankDirectoryCSVError(line: 4, problem: .fieldCount(7)))
    }

    @Test func unquotedFieldsAreTrimmedAndLFWorks() throws {
        let text = "\(header)\n 0998 , 架空サンプル銀行 ,ｶｸｳｻﾝﾌﾟﾙ, 201 , 駅前支店 ,ｴｷﾏｴ\n\n"
        let entry = try #require(try BankDirectoryCSV.parse(text).first)
        #expect(entry.bankCode.value == "0998" && entry.branchCode.value == "201")
        #expect(entry.bankName == "架空サンプル銀行" && entry.branchName == "駅前支店")
    }

    @Test func aLineBreakInsideQuotesIsNotAName() {
        let text = "\(header)\n0998,\"架空\nサンプル\",ｶｸｳ,100,本店,ﾎﾝﾃﾝ\n"
        #expect(problem(text) == BankDirectoryCSVError(line: 2, problem: .bankName))
        let branch = "\(header)\n0998,架空,ｶｸｳ,100,\"本\n店\",ﾎﾝﾃﾝ\n"
        #expect(problem(branch) == BankDirectoryCSVError(line: 2, problem: .branchName))
        let kana = "\(header)\r\n\"0998\",架空,\"ｶ\r\nｸｳ\",100,本店,ﾎﾝﾃﾝ\r\n"
        #expect(problem(kana) == BankDirectoryCSVError(line: 2, problem: .bankNameKana))
    }

    @Test(arguments: ["\n", "\r\n", "\r"])
    func lineBreaksInsideQuotesCountForLaterLines(newline: String) {
        // The record on lines 2–3 holds a quoted line break; the bad quote is on line 4.
        let text = [header, "0998,\"架空\(newline)サンプル\",ｶｸｳ,100,本店,ﾎﾝﾃﾝ", "0998,架空,ｶｸｳ,101,本\"店,ﾎﾝﾃﾝ", ""]
            .joined(separator: newline)
        #expect(problem(text) == BankDirectoryCSVError(line: 4, problem: .misplacedQuote))
    }

    @Test func blankLinesCount() {
        let text = "\(header)\n0998,架空,ｶｸｳ,100,本店,\"ﾎﾝﾃﾝ\"\n0998,\"架空\",ｶｸｳ,101,\"本店\",ﾎﾝﾃﾝ\n\n0998,架空,ｶｸｳ,1O2,本店,ﾎﾝﾃﾝ\n"
        #expect(problem(text) == BankDirectoryCSVError(line: 5, problem: .branchCode))
    }

    @Test(arguments: [
        ("", 1, BankDirectoryCSVError.Problem.empty),
        ("\u{FEFF}\n\n", 1, .empty),
        ("bank_code,bank_name\n", 1, .header),
        ("\(header)\n", 2, .noEntries),
        ("\(header)\n0998,架空,ｶｸｳ,100,本店\n", 2, .fieldCount(5)),
        ("\(header)\n998,架空,ｶｸｳ,100,本店,ﾎﾝﾃﾝ\n", 2, .bankCode),
        ("\(header)\n0998, ,ｶｸｳ,100,本店,ﾎﾝﾃﾝ\n", 2, .bankName),
        ("\(header)\n0998,架空,架空,100,本店,ﾎﾝﾃﾝ\n", 2, .bankNameKana),
        ("\(header)\n0998,架空,ｶｸｳ,1000,本店,ﾎﾝﾃﾝ\n", 2, .branchCode),
        ("\(header)\n0998,架空,ｶｸｳ,100,\"\",ﾎﾝﾃﾝ\n", 2, .branchName),
        ("\(header)\n0998,架空,ｶｸｳ,100,本店,\n", 2, .branchNameKana),
        ("\(header)\n0998,架空,ｶｸｳ,100,本店,ﾎﾝﾃﾝ\n0998,架空,ｶｸｳ,100,本店,ﾎﾝﾃﾝ\n", 3, .duplicateBranch),
        ("\(header)\n0998,架空,ｶｸｳ,100,本店,ﾎﾝﾃﾝ\n0998,別名,ｶｸｳ,101,支店,ｼﾃﾝ\n", 3, .conflictingBankName),
        ("\(header)\n0998,架空,ｶｸｳ,100,本店,ﾎﾝﾃﾝ\n0998,架空,ﾍﾞﾂ,101,支店,ｼﾃﾝ\n", 3, .conflictingBankName),
        ("\(header)\n0998,架空,ｶｸｳ,100,本\"店,ﾎﾝﾃﾝ\n", 2, .misplacedQuote),
        ("\(header)\n0998,\"架空\"x,ｶｸｳ,100,本店,ﾎﾝﾃﾝ\n", 2, .misplacedQuote),
        ("\(header)\n0998,架空,ｶｸｳ,100,本店,ﾎﾝﾃﾝ\n0998,\"架空,ｶｸｳ,101,支店,ｼﾃﾝ\n0998,架空,ｶｸｳ,102,支店,ｼﾃﾝ\n", 3, .unterminatedQuote),
    ])
    func badFilesNameTheLine(text: String, line: Int, expected: BankDirectoryCSVError.Problem) {
        #expect(problem(text) == BankDirectoryCSVError(line: line, problem: expected))
    }

    @Test func theHeaderIsCaseAndSpaceInsensitive() throws {
        let text = "BANK_CODE, Bank_Name ,bank_name_kana,branch_code,branch_name,branch_name_kana\n0998,架空,ｶｸｳ,100,本店,ﾎﾝﾃﾝ"
        #expect(try BankDirectoryCSV.parse(text).count == 1)
    }

    @Test func errorsCarryLineAndKey() {
        let error = BankDirectoryCSVError(line: 7, problem: .branchCode)
        #expect(error.messageKey == "error.bank_directory.branch_code")
        #expect(error.messageArguments == ["7"])
        #expect("\(error)" == "line 7: branch_code must be 3 digits")
        #expect(BankDirectoryCSVError(line: 2, problem: .fieldCount(5)).description.contains("5 fields"))
    }

    @Test func lookupTellsUnknownBankFromUnknownBranch() throws {
        let directory = BankDirectory(try BankDirectoryCSV.parse(BankDirectoryCSV.demo))
        let yoshida = try directory.lookup(bank: BankCode(unchecked: "2999"), branch: BranchCode(unchecked: "002"))
        #expect(yoshida.branchName == "吉田支店" && yoshida.branchNameKana.value == "ﾖｼﾀﾞ")
        #expect(throws: BankDirectoryError.unknownBranch(BankCode(unchecked: "2999"), BranchCode(unchecked: "004"))) {
            try directory.lookup(bank: BankCode(unchecked: "2999"), branch: BranchCode(unchecked: "004"))
        }
        #expect(throws: BankDirectoryError.unknownBank(BankCode(unchecked: "0001"))) {
            try directory.lookup(bank: BankCode(unchecked: "0001"), branch: BranchCode(unchecked: "001"))
        }
        #expect(BankDirectoryError.unknownBank(BankCode(unchecked: "0001")).messageKey == "error.payee.unknown_bank")
        #expect(BankDirectoryError.unknownBank(BankCode(unchecked: "0001")).field == "bank_code")
        let branch = BankDirectoryError.unknownBranch(BankCode(unchecked: "2999"), BranchCode(unchecked: "004"))
        #expect(branch.messageKey == "error.payee.unknown_branch" && branch.field == "branch_code")
        #expect(branch.messageArguments == ["2999", "004"])
        #expect(directory.branches(of: BankCode(unchecked: "2999")).map(\.branchCode.value) == ["001", "002", "003"])
        #expect(BankDirectory([]).isEmpty && !directory.isEmpty)
    }
}
