import BankCore
import Foundation
import Testing

@Suite struct PayeeInputTests {
    func payee(bank: String = "0998", branch: String = "201", type: String = "ordinary",
               number: String = "1234567", name: String = "ﾔﾏﾀﾞ ﾀﾛｳ") throws(PayeeInputError) -> PayeeInput {
        try PayeeInput(bankCode: bank, branchCode: branch, accountType: type, accountNumber: number, holderName: name)
    }

    /// The problems of a form, as (field, key) pairs.
    func problems(bank: String = "0998", branch: String = "201", type: String = "ordinary",
                  number: String = "1234567", name: String = "ﾔﾏﾀﾞ ﾀﾛｳ") -> [String] {
        do {
            _ = try payee(bank: bank, branch: branch, type: type, number: number, name: name)
            return []
        } catch {
            #expect(error.messageKey == "error.payee.invalid")
            return error.problems.map { "\($0.field) \($0.messageKey)" }
        }
    }

    @Test func aValidPayee() throws {
        let input = try payee()
        #expect(input.bankCode.value == "0998")
        #expect(input.branchCode.value == "201")
        #expect(input.accountType == .ordinary)
        #expect(input.accountNumber.value == "1234567")
        #expect(input.holderName.value == "ﾔﾏﾀﾞ ﾀﾛｳ")
        #expect(input.key == "0998-201-1-1234567")
    }

    @Test func fullWidthDigitsSpacesAndKanaAreNormalised() throws {
        let input = try payee(bank: "２９９９", branch: " ００３ ", type: "４", number: "１２３　４５６７", name: "やまだ　はなこ")
        #expect(input.bankCode.value == "2999")
        #expect(input.branchCode.value == "003")
        #expect(input.accountType == .savings)
        #expect(input.accountNumber.value == "1234567")
        #expect(input.holderName.value == "ﾔﾏﾀﾞ ﾊﾅｺ")
        #expect(try payee(name: "ｶ)ｷﾖｳｴｲ shoji").holderName.value == "ｶ)ｷﾖｳｴｲ SHOJI")
        #expect(try payee(name: "ジョン・スミス".replacingOccurrences(of: "・", with: " ")).holderName.value == "ｼﾞﾖﾝ ｽﾐｽ")
    }

    @Test(arguments: [("ordinary", AccountType.ordinary), ("当座", .current), ("2", .current), ("貯蓄", .savings), ("ＳＡＶＩＮＧＳ", .savings)])
    func accountTypesInEveryForm(raw: String, expected: AccountType) throws {
        #expect(try payee(type: raw).accountType == expected)
    }

    @Test func fortyEightKanaAreAllowedFortyNineAreNot() throws {
        #expect(try payee(name: String(repeating: "ｱ", count: 48)).holderName.value.count == 48)
        #expect(problems(name: String(repeating: "ア", count: 49)) == ["holder_name error.payee_name.too_long"])
        // A voiced kana is two Zengin characters: 24 ダ fit, 25 do not.
        _ = try payee(name: String(repeating: "ダ", count: 24))
        #expect(problems(name: String(repeating: "ダ", count: 25)) == ["holder_name error.payee_name.too_long"])
    }

    @Test func eachFieldHasItsMessage() {
        #expect(problems(bank: "") == ["bank_code error.bank_code.required"])
        #expect(problems(bank: "999") == ["bank_code error.bank_code.invalid"])
        #expect(problems(bank: "29990") == ["bank_code error.bank_code.invalid"])
        #expect(problems(bank: "29a9") == ["bank_code error.bank_code.invalid"])
        #expect(problems(branch: "　") == ["branch_code error.branch_code.required"])
        #expect(problems(branch: "01") == ["branch_code error.branch_code.invalid"])
        #expect(problems(type: "") == ["account_type error.account_type.required"])
        #expect(problems(type: "checking") == ["account_type error.account_type.invalid"])
        #expect(problems(number: "") == ["account_number error.account_number.required"])
        #expect(problems(number: "123456") == ["account_number error.account_number.invalid"])
        #expect(problems(number: "12345678") == ["account_number error.account_number.invalid"])
        #expect(problems(number: "123-4567") == ["account_number error.account_number.invalid"])
        #expect(problems(name: "  ") == ["holder_name error.payee_name.empty"])
        #expect(problems(name: "山田太郎") == ["holder_name error.payee_name.invalid"])
        #expect(problems(name: "ﾔﾏﾀﾞ@") == ["holder_name error.payee_name.invalid"])
    }

    @Test func everyProblemIsReportedAtOnceInFormOrder() {
        #expect(problems(bank: "x", branch: "", type: "?", number: "12", name: "") == [
            "bank_code error.bank_code.invalid",
            "branch_code error.branch_code.required",
            "account_type error.account_type.invalid",
            "account_number error.account_number.invalid",
            "holder_name error.payee_name.empty",
        ])
        let error = PayeeInputError(problems: [InputProblem(field: "bank_code", messageKey: "k")])
        #expect(error.fields == ["bank_code"])
        #expect("\(error.problems[0])" == "bank_code: k")
        #expect(PayeeInput.Field.allCases.map(\.rawValue) == ["bank_code", "branch_code", "account_type", "account_number", "holder_name"])
    }

    @Test func keysOfStoredPayeesMatchKeysOfTypedOnes() throws {
        let typed = try payee(bank: "２９９９", branch: "002", type: "当座", number: "0000042")
        let stored = PayeeInput.key(bankCode: BankCode(unchecked: "2999"), branchCode: BranchCode(unchecked: "002"),
                                    accountType: .current, accountNumber: AccountNumber(sequence: 42))
        #expect(typed.key == stored)
        #expect(stored == "2999-002-2-0000042")
    }

    @Test(arguments: [
        ("1234567", "****567"), ("０００００４２", "****042"), ("123 4567", "****567"),
        ("12345678", "*****678"), ("1234", "****234"), ("12", "****2"), ("", "****"),
    ])
    func accountNumbersAreMasked(raw: String, expected: String) {
        #expect(maskedAccountNumber(raw) == expected)
    }

    @Test func maskingNeverShowsAShortValueWhole() {
        for raw in ["1", "12", "123", "1234567", "ABCDEFGHIJ"] {
            let masked = maskedAccountNumber(raw)
            #expect(masked.hasPrefix("****"))
            #expect(!masked.contains(raw), "\(raw) → \(masked)")
        }
    }
}
