import BankCore
import Testing

@Suite struct KanaNameTests {
    @Test(arguments: [
        ("やまだ たろう", "ﾔﾏﾀﾞ ﾀﾛｳ"),
        ("ヤマダ　タロウ", "ﾔﾏﾀﾞ ﾀﾛｳ"),
        ("ｷﾖｳｴｲ ﾀﾛｳ", "ｷﾖｳｴｲ ﾀﾛｳ"),
        ("キャット", "ｷﾔﾂﾄ"),
        ("パン　ブンスイ", "ﾊﾟﾝ ﾌﾞﾝｽｲ"),
        ("ヴァイオリン", "ｳﾞｱｲｵﾘﾝ"),
        ("abc株式会社".replacingOccurrences(of: "株式会社", with: ""), "ABC"),
        ("ｶ)ｷﾖｳｴｲ", "ｶ)ｷﾖｳｴｲ"),
        ("  スズキ   イチロー  ", "ｽｽﾞｷ ｲﾁﾛｰ"),
    ])
    func normalisesToZenginHalfWidth(input: String, expected: String) throws {
        #expect(try KanaName(validating: input).value == expected)
    }

    @Test func refusesKanjiAndSymbols() {
        #expect(throws: KanaNameError.invalidCharacter) { try KanaName(validating: "山田 太郎") }
        #expect(throws: KanaNameError.invalidCharacter) { try KanaName(validating: "ﾔﾏﾀﾞ@") }
    }

    @Test func refusesEmptyAndTooLong() {
        #expect(throws: KanaNameError.empty) { try KanaName(validating: "　 ") }
        #expect(throws: KanaNameError.tooLong) { try KanaName(validating: String(repeating: "ｱ", count: 49)) }
        #expect((try? KanaName(validating: String(repeating: "ｱ", count: 48))) != nil)
    }

    @Test func voicedMarksCountAsCharacters() {
        // ﾀﾞ is two Zengin characters: 24 voiced kana are 48 characters, the maximum.
        #expect((try? KanaName(validating: String(repeating: "ダ", count: 24))) != nil)
        #expect(throws: KanaNameError.tooLong) { try KanaName(validating: String(repeating: "ダ", count: 25)) }
    }
}
