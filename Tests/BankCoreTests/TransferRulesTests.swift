import BankCore
import Foundation
import Testing

@Suite struct TransferRulesTests {
    struct FixedRandom: RandomSource {
        let bytes: [UInt8]
        func bytes(_ count: Int) -> [UInt8] { Array(bytes.prefix(count)) }
    }

    @Test func receptionNumbersCarryTheJapaneseDayAndSixDigits() {
        // 2026-11-30 15:30 UTC is already 1 December in Japan.
        let instant = Date(timeIntervalSince1970: 1_796_052_600)
        let number = ReceptionNumber.generate(at: instant, random: FixedRandom(bytes: [0, 0, 0x30, 0x39]))
        #expect(number == "20261201-012345")
        #expect(ReceptionNumber.isWellFormed(number))
        let large = ReceptionNumber.generate(at: instant, random: FixedRandom(bytes: [0xFF, 0xFF, 0xFF, 0xFF]))
        #expect(large == "20261201-967295")
    }

    @Test(arguments: ["", "20261201", "20261201-12345", "2026120-123456", "20261201_123456", "２0261201-123456",
                      "20261201-123456-1", "20261201-12345a"])
    func malformedReceptionNumbersAreRecognised(text: String) {
        #expect(!ReceptionNumber.isWellFormed(text))
    }

    @Test func theSameAccountIsNoDestination() {
        let bank = BankCode(unchecked: "2999"), branch = BranchCode(unchecked: "001"), number = AccountNumber(unchecked: "1000001")
        #expect(throws: TransferRefusal.sameAccount) {
            try TransferRules.checkDistinct(sourceBank: bank, sourceBranch: branch, sourceType: .ordinary, sourceNumber: number,
                                            destinationBank: bank, destinationBranch: branch, destinationType: .ordinary,
                                            destinationNumber: number)
        }
        // Same number in another type, branch or bank is another account.
        #expect(throws: Never.self) {
            try TransferRules.checkDistinct(sourceBank: bank, sourceBranch: branch, sourceType: .ordinary, sourceNumber: number,
                                            destinationBank: bank, destinationBranch: branch, destinationType: .savings,
                                            destinationNumber: number)
            try TransferRules.checkDistinct(sourceBank: bank, sourceBranch: branch, sourceType: .ordinary, sourceNumber: number,
                                            destinationBank: BankCode(unchecked: "0998"), destinationBranch: branch,
                                            destinationType: .ordinary, destinationNumber: number)
        }
    }

    @Test func fundsMustCoverAmountAndFeeTogether() {
        #expect(throws: Never.self) { try TransferRules.checkFunds(available: Yen(10_330), amount: Yen(10_000), fee: Yen(330)) }
        #expect(throws: TransferRefusal.insufficientFunds(available: Yen(10_329), needed: Yen(10_330))) {
            try TransferRules.checkFunds(available: Yen(10_329), amount: Yen(10_000), fee: Yen(330))
        }
    }

    @Test func theLimitIsToldBeforeTheFunds() {
        // Over the limit and short of funds at once: the limit is what the customer hears first.
        #expect(throws: TransferRefusal.overDailyLimit(remaining: Yen(100), limit: Yen(1_000))) {
            try TransferRules.checkExecution(amount: Yen(500), fee: Yen(0), available: Yen(10), limit: Yen(1_000), usedToday: Yen(900))
        }
        let refusal = TransferRefusal.overDailyLimit(remaining: Yen(100_000), limit: Yen(1_000_000))
        #expect(refusal.messageArguments == ["100,000", "1,000,000"])
        #expect(TransferRefusal.insufficientFunds(available: Yen(5), needed: Yen(1_230)).messageArguments == ["1,230", "5"])
    }
}
