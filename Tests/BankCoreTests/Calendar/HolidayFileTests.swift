import BankCore
import Foundation
import Testing

/// Reading the Cabinet Office's file: both encodings, and every refusal named by field and line.
@Suite struct HolidayFileTests {
    static let text = "国民の祝日・休日月日,国民の祝日・休日名称\r\n2026/1/1,元日\r\n2026/5/6,休日\r\n2026/9/22,休日\r\n"

    func problem(_ text: String) -> HolidayFileError? {
        do {
            _ = try HolidayFile.parse(Data(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test func shiftJISAsPublished() throws {
        let data = try #require(Self.text.data(using: .shiftJIS))
        #expect(String(data: data, encoding: .utf8) == nil, "really not UTF-8")
        let file = try HolidayFile.parse(data)
        #expect(file.years == [2026])
        #expect(file.holidays[JapanTime.Day(year: 2026, month: 1, day: 1)!] == "元日")
        #expect(file.holidays.count == 3)
    }

    @Test func utf8WithAndWithoutBOM() throws {
        let plain = try HolidayFile.parse(Data(Self.text.utf8))
        let bom = try HolidayFile.parse(Data([0xEF, 0xBB, 0xBF] + Array(Self.text.utf8)))
        let lf = try HolidayFile.parse(Data(Self.text.replacingOccurrences(of: "\r\n", with: "\n").utf8))
        #expect(plain == bom && plain == lf)
        #expect(plain.holidays[JapanTime.Day(year: 2026, month: 9, day: 22)!] == "休日")
    }

    @Test func writtenTextReadsBack() throws {
        let file = try HolidayFile.parse(Data(Self.text.utf8))
        #expect(HolidayFile.text(file.holidays) == Self.text)
    }

    @Test func badFilesAreNamedByFieldAndLine() {
        #expect(problem("") == HolidayFileError(line: 1, field: "file", problem: .noEntries))
        #expect(problem("日付,名前\n2026/1/1,元日\n") == HolidayFileError(line: 1, field: "header", problem: .header))
        #expect(problem(Self.text + "2026/2/30,存在しない日\r\n") == HolidayFileError(line: 5, field: "date", problem: .date("2026/2/30")))
        #expect(problem(Self.text + "2026/11/3\r\n") == HolidayFileError(line: 5, field: "line", problem: .fieldCount(1)))
        #expect(problem(Self.text + "2026/11/3,文化の日,余分\r\n") == HolidayFileError(line: 5, field: "line", problem: .fieldCount(3)))
        #expect(problem(Self.text + "2026/11/3,\r\n") == HolidayFileError(line: 5, field: "name", problem: .name))
        #expect(problem(Self.text + "2026/5/6,休日\r\n") == HolidayFileError(line: 5, field: "date", problem: .duplicate("2026-05-06")))
        #expect(problem(Self.text + "2027/3/22,休日\r\n") == HolidayFileError(line: 0, field: "date", problem: .incompleteYear(2027)))
        #expect(throws: HolidayFileError(line: 0, field: "file", problem: .encoding)) {
            try HolidayFile.parse(Data([0x32, 0x30, 0xFF, 0xFE, 0x81]))
        }
    }

    @Test func messagesNameTheField() {
        let error = HolidayFileError(line: 5, field: "date", problem: .date("2026/2/30"))
        #expect(error.messageKey == "error.holidays.date")
        #expect(error.messageArguments == ["5", "2026/2/30"])
        #expect(error.description == "line 5: date: date \"2026/2/30\" is not a date like 2026/5/6")
    }
}
