import BankCore
import Testing

@Suite struct YenTests {
    @Test(arguments: [
        (Int64(0), "0円"), (1, "1円"), (999, "999円"), (1_000, "1,000円"), (1_234_567, "1,234,567円"),
        (-1_234, "-1,234円"), (999_999_999_999, "999,999,999,999円"),
    ])
    func formatsWithGroupingAndYenSign(value: Int64, expected: String) {
        #expect(Yen(value).formatted == expected)
    }

    @Test(arguments: [("1000", Int64(1000)), ("1,000", 1000), ("１２３４５", 12345), ("5,000円", 5000), ("1,234,567", 1_234_567), (" 42 ", 42), ("007", 7)])
    func parsesWhatPeopleType(input: String, expected: Int64) throws {
        #expect(try Yen.parseInput(input).get() == Yen(expected))
    }

    @Test(arguments: [
        ("", AmountInputError.empty), ("abc", .notANumber), ("1.5", .notANumber), ("-5", .notANumber),
        ("0", .notPositive), ("1234567890123", .tooLarge), ("1e5", .notANumber),
        ("1,00", .notANumber), (",100", .notANumber), ("1000,000", .notANumber),
    ])
    func refusesBadAmounts(input: String, error: AmountInputError) {
        #expect(throws: error) { try Yen.parseInput(input).get() }
    }

    @Test func arithmeticStaysInWholeYen() {
        #expect(Yen(100) + Yen(23) == Yen(123))
        #expect(Yen(100) - Yen(230) == Yen(-130))
        #expect(-Yen(5) == Yen(-5))
        #expect(Yen(1) < Yen(2))
    }
}
