import BankCore
import Testing

/// The bank's word for itself follows the kind of institution, or KYOEI_BANK_SELF_NAME.
@Suite struct BankSelfNameTests {
    @Test func derivedFromTheBanksName() {
        #expect(BankSelfName.default == BankSelfName(ja: "当組合", en: "the credit union"))
        #expect(BankSelfName.derived(fromBankName: "協栄信用組合").ja == "当組合")
        #expect(BankSelfName.derived(fromBankName: "さくら信用金庫") == BankSelfName(ja: "当金庫", en: "the shinkin bank"))
        #expect(BankSelfName.derived(fromBankName: "みどり銀行") == BankSelfName(ja: "当行", en: "the bank"))
        #expect(BankSelfName.configured("当行").en == "the bank")
        #expect(BankSelfName.configured("当組合").en == "the credit union")
    }

    @Test func putsTheWordIntoText() {
        let name = BankSelfName(ja: "当行", en: "the bank")
        #expect(name.substitute(in: "{bank_self}（0256-61-1506）までお問い合わせください。", english: false)
            == "当行（0256-61-1506）までお問い合わせください。")
        #expect(name.substitute(in: "{Bank_self} generates them; contact {bank_self}.", english: true)
            == "The bank generates them; contact the bank.")
        #expect(name.substitute(in: "no word here", english: true) == "no word here")
    }

    @Test func theNoticeSentenceSaysTheDefaultWord() {
        #expect(CompensationAssessment.noticeSentence.contains("原則、当組合が全額補償いたします"))
    }
}
