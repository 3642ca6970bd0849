import BankCore
import Testing

/// 金融機関・支店の検索: the kana folding, the 50音 index and the order of what is found.
@Suite struct DirectorySearchTests {
    /// A few real banks (the codes and names are the public 全銀 master's) and the demo's.
    static let banks: [DirectoryMatch.Candidate] = [
        .init(code: "0001", name: "みずほ銀行", kana: "ﾐｽﾞﾎ"),
        .init(code: "0005", name: "三菱ＵＦＪ銀行", kana: "ﾐﾂﾋﾞｼﾕ-ｴﾌｼﾞｴｲ"),
        .init(code: "0009", name: "三井住友銀行", kana: "ﾐﾂｲｽﾐﾄﾓ"),
        .init(code: "0010", name: "りそな銀行", kana: "ﾘｿﾅ"),
        .init(code: "0017", name: "埼玉りそな銀行", kana: "ｻｲﾀﾏﾘｿﾅ"),
        .init(code: "0036", name: "楽天銀行", kana: "ﾗｸﾃﾝ"),
        .init(code: "0153", name: "ぐんま銀行(架空)", kana: "ｸﾞﾝﾏ"),
        .init(code: "0998", name: "架空サンプル銀行", kana: "ｶｸｳｻﾝﾌﾟﾙｷﾞﾝｺｳ"),
        .init(code: "0997", name: "デモネット銀行", kana: "ﾃﾞﾓﾈﾂﾄｷﾞﾝｺｳ"),
        .init(code: "2998", name: "テスト信用組合", kana: "ﾃｽﾄｼﾝｸﾐ"),
        .init(code: "1888", name: "ザ・サンプル信託", kana: "ｻﾞｻﾝﾌﾟﾙｼﾝﾀｸ"),
        .init(code: "9900", name: "ゆうちょ銀行", kana: "ﾕｳﾁﾖ"),
        .init(code: "2999", name: "協栄信用組合", kana: "ｷﾖｳｴｲｼﾝｸﾐ"),
    ]

    static func codes(_ query: DirectoryQuery) -> [String] {
        DirectoryMatch.filter(banks, query).map(\.code)
    }

    static func parse(_ text: String? = nil, row: String? = nil, kana: String? = nil) throws -> DirectoryQuery {
        try DirectoryQuery.parse(text: text, row: row, initial: kana)
    }

    @Test(arguments: ["みずほ", "ミズホ", "ﾐｽﾞﾎ", "みずほ銀", " みず ", "ミズホ　"])
    func aNameInAnyKanaFormFindsTheBank(text: String) throws {
        #expect(Self.codes(try Self.parse(text)).first == "0001", "\(text)")
    }

    @Test func partOfTheKanjiNameAndFullWidthLatinFindTheBank() throws {
        #expect(Self.codes(try Self.parse("三井")) == ["0009"])
        #expect(Self.codes(try Self.parse("ufj")) == ["0005"])
        #expect(Self.codes(try Self.parse("ＵＦＪ")) == ["0005"])
        // ゆうちょ: the master writes small kana large (ﾕｳﾁﾖ); typed small, it still matches.
        #expect(Self.codes(try Self.parse("ゆうちょ")) == ["9900"])
        #expect(Self.codes(try Self.parse("きょうえい")) == ["2999"])
    }

    @Test func namesStartingWithTheTextComeBeforeNamesContainingIt() throws {
        // りそな starts りそな銀行 and is inside 埼玉りそな銀行.
        #expect(Self.codes(try Self.parse("りそな")) == ["0010", "0017"])
        #expect(Self.codes(try Self.parse("銀行")).count == 10)
    }

    @Test func anInitialListsTheSyllableWithItsVoicedForms() throws {
        // さ: さ and ざ (ｻﾞｻﾝﾌﾟﾙ), not し… ; in 50音 order with 濁点 beside the plain letter.
        #expect(Self.codes(try Self.parse(kana: "さ")) == ["0017", "1888"])
        // く finds ぐんま (ｸﾞ); た finds neither で nor て (those are て).
        #expect(Self.codes(try Self.parse(kana: "く")) == ["0153"])
        #expect(Self.codes(try Self.parse(kana: "て")) == ["2998", "0997"])
        // Asked in katakana, half-width or voiced, the same initial.
        #expect(try Self.parse(kana: "サ") == .initial("さ"))
        #expect(try Self.parse(kana: "ｻ") == .initial("さ"))
        #expect(try Self.parse(kana: "ざ") == .initial("さ"))
    }

    @Test func aRowListsEverySyllableOfIt() throws {
        let sa = try Self.parse(row: "さ")
        #expect(sa == .row(KanaIndex.rows[2]))
        #expect(Self.codes(sa) == ["0017", "1888"])
        // ま row: み… in 50音 order (ﾐｽﾞﾎ, ﾐﾂｲ, ﾐﾂﾋﾞ).
        #expect(Self.codes(try Self.parse(row: "ま")) == ["0001", "0009", "0005"])
        #expect(Self.codes(try Self.parse(row: "か")) == ["0998", "2999", "0153"])
        #expect(sa.openRow?.head == "さ")
        #expect(try Self.parse(kana: "ぐ").openRow?.head == "か")
    }

    @Test func digitsSearchTheCode() throws {
        #expect(try Self.parse("０００") == .code("000"))
        #expect(Self.codes(try Self.parse("000")) == ["0001", "0005", "0009"])
        #expect(Self.codes(try Self.parse("9900")) == ["9900"])
    }

    @Test func textWinsOverAnInitialAndAnInitialOverARow() throws {
        #expect(try Self.parse("みずほ", row: "か", kana: "さ") == .name(DirectoryMatch.key("みずほ")))
        #expect(try Self.parse("", row: "か", kana: "さ") == .initial("さ"))
        #expect(try Self.parse("  ", row: nil, kana: nil) == DirectoryQuery.none)
        #expect(Self.codes(.none).isEmpty, "nothing asked lists nothing, not the whole master")
    }

    @Test func badInputIsRefusedByField() {
        #expect(throws: DirectoryQueryError(field: .text, problem: .tooLong)) {
            try Self.parse(String(repeating: "あ", count: 49))
        }
        #expect(throws: DirectoryQueryError(field: .initial, problem: .invalid)) { try Self.parse(kana: "A") }
        #expect(throws: DirectoryQueryError(field: .initial, problem: .invalid)) { try Self.parse(kana: "かき") }
        #expect(throws: DirectoryQueryError(field: .row, problem: .invalid)) { try Self.parse(row: "き") }
        #expect(throws: DirectoryQueryError(field: .text, problem: .invalid)) { try Self.parse("・") }
        #expect(DirectoryQueryError(field: .initial, problem: .invalid).messageKey == "error.directory_search.kana_invalid")
    }

    @Test func theInitialOfAKanaName() {
        #expect(KanaIndex.initial(ofKana: "ﾐｽﾞﾎ") == "み")
        #expect(KanaIndex.initial(ofKana: "ｸﾞﾝﾏ") == "く")
        #expect(KanaIndex.initial(ofKana: "ﾊﾟﾙ") == "は")
        #expect(KanaIndex.initial(ofKana: "ヴィ") == "う")
        #expect(KanaIndex.initial(ofKana: "ｮ") == "よ")
        #expect(KanaIndex.initial(ofKana: "ｦ") == "を")
        #expect(KanaIndex.initial(ofKana: "ABC") == nil)
        #expect(KanaIndex.initial(ofKana: "") == nil)
        #expect(KanaIndex.row(containing: "を")?.head == "わ")
        #expect(KanaIndex.rows.map(\.head) == ["あ", "か", "さ", "た", "な", "は", "ま", "や", "ら", "わ"])
    }

    @Test func theMastersKanaIsShownFullWidth() {
        #expect(KanaName.fullwidthDisplay("ﾐｽﾞﾎ") == "ミズホ")
        #expect(KanaName.fullwidthDisplay("ｶｸｳｻﾝﾌﾟﾙｷﾞﾝｺｳ") == "カクウサンプルギンコウ")
        #expect(KanaName.fullwidthDisplay("ﾐﾂﾋﾞｼﾕ-ｴﾌｼﾞｴｲ") == "ミツビシユ-エフジエイ")
        #expect(KanaName.fullwidthDisplay("ｳﾞｨ") == "ヴィ")
    }
}
