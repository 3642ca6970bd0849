import BankCore
import Foundation
import Testing

/// The 総合振込 file byte for byte against one typed here from the layout's table, and read
/// back by the tests' own parser.
@Suite struct ZenginTransferFileTests {
    static let header = ZenginTransferFile.Header(
        requesterCode: "2999001", requesterName: "ﾀｺｳｶﾝｹｯｻｲ", transferDate: JapanTime.Day(year: 2026, month: 11, day: 26)!,
        bankCode: "2999", bankName: "ｷﾖｳｴｲｼﾝｸﾐ", branchCode: "001", branchName: "ﾎﾝﾃﾝ", accountType: "2", accountNumber: "9000002")
    static let transfers = [
        ZenginTransferFile.Transfer(bankCode: "0998", bankName: "ｶｸｳｻﾝﾌﾟﾙ", branchCode: "100", branchName: "ﾎﾝﾃﾝｴｲｷﾞﾖｳﾌﾞ",
                                    accountType: "1", accountNumber: "7654321", payeeName: "ｶｸｳ ｼﾞﾛｳ", amount: 40_000, customerCode: 12),
        ZenginTransferFile.Transfer(bankCode: "0005", bankName: "ﾐﾂﾋﾞｼﾕ-ｴﾌｼﾞｴｲｷﾞﾝｺｳ", branchCode: "001", branchName: "ﾎﾝﾃﾝ",
                                    accountType: "4", accountNumber: "0000123", payeeName: "ｶ)ﾔﾏﾀﾞｼﾖｳﾃﾝ", amount: 1_234_567, customerCode: 13),
    ]

    /// Pads like the layout says, written out here rather than with the code under test.
    static func n(_ digits: String, _ width: Int) -> String { String(repeating: "0", count: width - digits.count) + digits }
    static func c(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: width - text.unicodeScalars.count) }

    /// The expected file, field by field from 群馬銀行's table of the 全銀協 layout.
    static let expected: [String] = [
        "1" + "21" + "0" + n("2999001", 10) + c("ﾀｺｳｶﾝｹｯｻｲ", 40) + "1126" + "2999" + c("ｷﾖｳｴｲｼﾝｸﾐ", 15) + "001" + c("ﾎﾝﾃﾝ", 15)
            + "2" + "9000002" + c("", 17),
        "2" + "0998" + c("ｶｸｳｻﾝﾌﾟﾙ", 15) + "100" + c("ﾎﾝﾃﾝｴｲｷﾞﾖｳﾌﾞ", 15) + "0000" + "1" + "7654321" + c("ｶｸｳ ｼﾞﾛｳ", 30)
            + n("40000", 10) + "0" + n("12", 10) + n("0", 10) + "7" + " " + c("", 7),
        "2" + "0005" + c("ﾐﾂﾋﾞｼﾕ-ｴﾌｼﾞｴｲｷﾞ", 15) + "001" + c("ﾎﾝﾃﾝ", 15) + "0000" + "4" + "0000123" + c("ｶ)ﾔﾏﾀﾞｼﾖｳﾃﾝ", 30)
            + n("1234567", 10) + "0" + n("13", 10) + n("0", 10) + "7" + " " + c("", 7),
        "8" + n("2", 6) + n("1274567", 12) + c("", 101),
        "9" + c("", 119),
    ]

    /// JIS X 0201 by hand: ASCII as is, half-width kana U+FF61… at 0xA1….
    static func jis(_ text: String) -> [UInt8] {
        text.unicodeScalars.map { $0.value >= 0xFF61 ? UInt8($0.value - 0xFF61 + 0xA1) : UInt8($0.value) }
    }

    @Test func byteForByteWithoutLineEnds() throws {
        let file = ZenginTransferFile(header: Self.header, transfers: Self.transfers)
        let bytes = try file.bytes(encoding: .jisX0201, lineEnding: false)
        #expect(Self.expected.allSatisfy { $0.unicodeScalars.count == 120 }, "the typed records are 120 characters")
        #expect(bytes == Self.expected.flatMap(Self.jis))
        #expect(bytes.count == 5 * 120)
        // A bank name longer than C(15) is cut (optional field, from the master).
        #expect(bytes[Array(bytes).firstIndex(of: 0xB6)!] == 0xB6, "ｶ is 0xB6 in JIS X 0201")
    }

    @Test func withCRLFAndInShiftJISTheSameBytes() throws {
        let file = ZenginTransferFile(header: Self.header, transfers: Self.transfers)
        let jis = try file.bytes(encoding: .jisX0201, lineEnding: true)
        let sjis = try file.bytes(encoding: .shiftJIS, lineEnding: true)
        #expect(jis == Self.expected.flatMap { Self.jis($0) + [0x0D, 0x0A] })
        #expect(sjis == jis, "for the 全銀 character set Shift_JIS's single bytes are JIS X 0201")
    }

    @Test func everyAllowedCharacterHasOneByteInBothCodes() {
        let allowed = (0x20...0xFFFF).compactMap(Unicode.Scalar.init).filter(ZenginName.isAllowed)
        #expect(allowed.count == 10 + 26 + 6 + 2 + 1 + 45 + 2)
        for scalar in allowed {
            #expect(ZenginEncoding.jisX0201.byte(scalar) != nil && ZenginEncoding.jisX0201.byte(scalar) == ZenginEncoding.shiftJIS.byte(scalar),
                    "\(scalar)")
        }
    }

    @Test func roundTripThroughTheTestsParser() throws {
        let file = ZenginTransferFile(header: Self.header, transfers: Self.transfers)
        for lineEnding in [false, true] {
            let parsed = try ZenginTestParser.parse(try file.bytes(encoding: .jisX0201, lineEnding: lineEnding))
            #expect(parsed.header["kind_code"] == "21" && parsed.header["transfer_date"] == "1126")
            #expect(parsed.header["requester_name"] == "ﾀｺｳｶﾝｹｯｻｲ" && parsed.header["account_number"] == "9000002")
            #expect(parsed.data.map { $0["payee_name"] } == Self.transfers.map(\.payeeName))
            #expect(parsed.data.map { Int64($0["amount"]!) } == Self.transfers.map(\.amount))
            #expect(parsed.data.map { Int64($0["customer_code1"]!) } == [12, 13])
            #expect(parsed.data.map { $0["bank_code"]! + "-" + $0["branch_code"]! + " " + $0["account_type"]! + $0["account_number"]! }
                    == ["0998-100 17654321", "0005-001 40000123"])
            #expect(parsed.trailer["total_count"] == "000002" && Int64(parsed.trailer["total_amount"]!) == file.totalAmount)
            #expect(parsed.endSeen)
        }
    }

    @Test func anEmptyDayIsHeaderTrailerEnd() throws {
        let bytes = try ZenginTransferFile(header: Self.header, transfers: []).bytes(encoding: .jisX0201, lineEnding: false)
        let parsed = try ZenginTestParser.parse(bytes)
        #expect(parsed.data.isEmpty && parsed.trailer["total_count"] == "000000" && parsed.endSeen)
    }

    @Test func whatTheLayoutCannotCarryIsRefusedNamingTheField() {
        var long = Self.transfers[0]
        long.payeeName = String(repeating: "ｱ", count: 31)
        #expect(throws: ZenginFileError(record: 2, field: "payee_name")) {
            try ZenginTransferFile(header: Self.header, transfers: [long]).bytes(encoding: .jisX0201, lineEnding: false)
        }
        var vowel = Self.transfers[0]
        vowel.payeeName = "ｽｰﾊﾟｰ"
        #expect(throws: ZenginFileError(record: 2, field: "payee_name")) {
            try ZenginTransferFile(header: Self.header, transfers: [vowel]).bytes(encoding: .jisX0201, lineEnding: false)
        }
        var kanji = Self.header
        kanji.requesterName = "協栄"
        #expect(throws: ZenginFileError(record: 1, field: "requester_name")) {
            try ZenginTransferFile(header: kanji, transfers: []).bytes(encoding: .shiftJIS, lineEnding: false)
        }
    }

    @Test func payeeNames() {
        #expect(ZenginName.problem("ｶｸｳ ｼﾞﾛｳ") == nil)
        #expect(ZenginName.problem("ｶ)ﾔﾏﾀﾞ.ｼﾖｳﾃﾝ(ﾄｳｷﾖｳ)") == nil)
        #expect(ZenginName.problem(String(repeating: "ﾀﾞ", count: 15)) == nil, "30 bytes: ﾞ counts as one")
        #expect(ZenginName.problem(String(repeating: "ﾀﾞ", count: 15) + "ｱ") == .tooLong)
        #expect(ZenginName.problem("ｽｰﾊﾟｰ") == .character, "the long-vowel mark is not in the 全銀 set")
        #expect(ZenginName.problem("ｷﾔﾉﾝ,ｼﾞﾛｳ") == .character)
        #expect(ZenginName.problem("ｷｬﾉﾝ") == .character, "small kana are enlarged before: a stored one is refused")
    }
}
