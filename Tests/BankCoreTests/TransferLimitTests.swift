import BankCore
import Foundation
import Testing

@Suite struct TransferLimitTests {
    let limit = TransferLimit.defaultLimit

    @Test func defaultAndRange() throws {
        #expect(limit == Yen(1_000_000))
        #expect(try TransferLimit.validateLimit(Yen(1)) == Yen(1))
        #expect(try TransferLimit.validateLimit(Yen(100_000_000)) == Yen(100_000_000))
        #expect(throws: TransferLimitError.outOfRange) { try TransferLimit.validateLimit(Yen(100_000_001)) }
        #expect(throws: TransferLimitError.outOfRange) { try TransferLimit.validateLimit(.zero) }
        #expect(throws: TransferLimitError.outOfRange) { try TransferLimit.validateLimit(Yen(-1)) }
    }

    @Test func limitsAsStaffTypeThem() throws {
        #expect(try TransferLimit.parseLimit("３，０００，０００円") == Yen(3_000_000))
        #expect(try TransferLimit.parseLimit("100000000") == Yen(100_000_000))
        #expect(throws: TransferLimitError.outOfRange) { try TransferLimit.parseLimit("100,000,001") }
        #expect(throws: TransferLimitError.outOfRange) { try TransferLimit.parseLimit("0") }
        #expect(throws: TransferLimitError.notAnAmount(.notANumber)) { try TransferLimit.parseLimit("百万") }
        #expect(throws: TransferLimitError.notAnAmount(.empty)) { try TransferLimit.parseLimit(" ") }
        #expect(TransferLimitError.outOfRange.messageKey == "error.transfer_limit.out_of_range")
        #expect(TransferLimitError.notAnAmount(.tooLarge).messageKey == "error.amount.too_large")
    }

    @Test func remainingNeverGoesNegative() {
        #expect(TransferLimit.remaining(limit: limit, usedToday: .zero) == limit)
        #expect(TransferLimit.remaining(limit: limit, usedToday: Yen(400_000)) == Yen(600_000))
        #expect(TransferLimit.remaining(limit: limit, usedToday: limit) == .zero)
        // The bank lowered the limit after today's transfers.
        #expect(TransferLimit.remaining(limit: Yen(100_000), usedToday: Yen(300_000)) == .zero)
    }

    @Test func reachingTheLimitExactlyIsAllowedOneYenMoreIsNot() throws {
        try TransferLimit.check(amount: Yen(600_000), limit: limit, usedToday: Yen(400_000))
        try TransferLimit.check(amount: limit, limit: limit, usedToday: .zero)
        #expect(throws: TransferRefusal.overDailyLimit(remaining: Yen(600_000), limit: limit)) {
            try TransferLimit.check(amount: Yen(600_001), limit: limit, usedToday: Yen(400_000))
        }
        #expect(throws: TransferRefusal.overDailyLimit(remaining: .zero, limit: limit)) {
            try TransferLimit.check(amount: Yen(1), limit: limit, usedToday: limit)
        }
    }

    @Test func theRefusalShowsWhatRemains() {
        let refusal = TransferRefusal.overDailyLimit(remaining: Yen(123_456), limit: limit)
        #expect(refusal.messageKey == "error.transfer.over_daily_limit")
        #expect(refusal.messageArguments == ["123,456", "1,000,000"])
    }

    @Test func theDayIsTheCalendarDayInJapan() {
        // 2026-11-25 14:59:59 UTC is 23:59:59 JST; one second later is the next day in Japan.
        let lastSecond = Date(timeIntervalSince1970: 1_795_618_799)
        #expect(TransferLimit.day(of: lastSecond).iso == "2026-11-25")
        #expect(TransferLimit.day(of: lastSecond.addingTimeInterval(1)).iso == "2026-11-26")
        let interval = TransferLimit.dayInterval(of: lastSecond)
        #expect(interval.lowerBound == Date(timeIntervalSince1970: 1_795_532_400))
        #expect(interval.upperBound == lastSecond.addingTimeInterval(1))
        #expect(interval.contains(lastSecond) && !interval.contains(interval.upperBound))
    }

    @Test func fundsMustCoverAmountAndFee() throws {
        try TransferRules.checkFunds(available: Yen(10_550), amount: Yen(10_000), fee: Yen(550))
        #expect(throws: TransferRefusal.insufficientFunds(available: Yen(10_549), needed: Yen(10_550))) {
            try TransferRules.checkFunds(available: Yen(10_549), amount: Yen(10_000), fee: Yen(550))
        }
        let refusal = TransferRefusal.insufficientFunds(available: Yen(10_549), needed: Yen(10_550))
        #expect(refusal.messageKey == "error.transfer.insufficient_funds")
        #expect(refusal.messageArguments == ["10,550", "10,549"])
    }

    @Test func executionChecksTheLimitBeforeTheFunds() throws {
        try TransferRules.checkExecution(amount: Yen(1_000_000), fee: Yen(550), available: Yen(1_000_550), limit: limit, usedToday: .zero)
        // Both fail: the limit is named, because topping up the account would not help.
        #expect(throws: TransferRefusal.overDailyLimit(remaining: Yen(999_999), limit: limit)) {
            try TransferRules.checkExecution(amount: Yen(1_000_000), fee: Yen(550), available: .zero, limit: limit, usedToday: Yen(1))
        }
        #expect(throws: TransferRefusal.insufficientFunds(available: Yen(1_000_549), needed: Yen(1_000_550))) {
            try TransferRules.checkExecution(amount: Yen(1_000_000), fee: Yen(550), available: Yen(1_000_549), limit: limit, usedToday: .zero)
        }
    }

    @Test func anAccountCannotPayItself() throws {
        let bank = BankCode(unchecked: "2999"), branch = BranchCode(unchecked: "001"), number = AccountNumber(unchecked: "1234567")
        #expect(throws: TransferRefusal.sameAccount) {
            try TransferRules.checkDistinct(sourceBank: bank, sourceBranch: branch, sourceType: .ordinary, sourceNumber: number,
                                            destinationBank: bank, destinationBranch: branch, destinationType: .ordinary, destinationNumber: number)
        }
        try TransferRules.checkDistinct(sourceBank: bank, sourceBranch: branch, sourceType: .ordinary, sourceNumber: number,
                                        destinationBank: bank, destinationBranch: branch, destinationType: .savings, destinationNumber: number)
        try TransferRules.checkDistinct(sourceBank: bank, sourceBranch: branch, sourceType: .ordinary, sourceNumber: number,
                                        destinationBank: BankCode(unchecked: "0998"), destinationBranch: branch, destinationType: .ordinary, destinationNumber: number)
        #expect(TransferRefusal.sameAccount.messageKey == "error.transfer.same_account")
    }

    @Test(arguments: [
        ("10000", Yen(10_000)), ("１０，０００円", Yen(10_000)), (" 29,999 ", Yen(29_999)), ("999999999999", Yen(999_999_999_999)),
    ])
    func amountsAsTyped(raw: String, expected: Yen) throws {
        #expect(try TransferRules.parseAmount(raw) == expected)
    }

    @Test(arguments: [
        ("", AmountInputError.empty), ("0", .notPositive), ("-1000", .notPositive), ("－１，０００", .notPositive),
        ("▲1,000", .notPositive), ("-0", .notPositive), ("-abc", .notANumber), ("1000.5", .notANumber),
        ("一万", .notANumber), ("1,00", .notANumber), ("1000000000000", .tooLarge), (String(repeating: "9", count: 400), .tooLarge),
    ])
    func badAmountsEachHaveTheirMessage(raw: String, expected: AmountInputError) {
        #expect(throws: expected) { try TransferRules.parseAmount(raw) }
    }
}
