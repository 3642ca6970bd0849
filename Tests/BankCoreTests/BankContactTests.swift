import BankCore
import Testing

/// The bank's contact as the texts give it: KYOEI_BANK_PHONE, and its form for callers abroad.
@Suite struct BankContactTests {
    @Test func theDefaultIsTodaysNumber() {
        #expect(BankContact.default.phone == "0256-61-1506")
        #expect(BankContact.default.internationalPhone == "+81-256-61-1506")
        #expect(BankContact.default.selfName == .default)
    }

    @Test func placeholdersTakeTheConfiguredContact() {
        let contact = BankContact(selfName: BankSelfName(ja: "当金庫", en: "the shinkin bank"), phone: "03-1234-5678")
        #expect(contact.substitute(in: "{bank_self}（{bank_phone}）までお問い合わせください。", english: false)
            == "当金庫（03-1234-5678）までお問い合わせください。")
        #expect(contact.substitute(in: "{Bank_self}: {bank_phone_international}", english: true)
            == "The shinkin bank: +81-3-1234-5678")
        #expect(BankContact(phone: "+1-555-0100").internationalPhone == "+1-555-0100", "already international")
    }
}
