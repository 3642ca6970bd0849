@testable import BankWeb
import Foundation
import Mustache
import Testing

/// A page model read once (`ReflectedModel`) renders exactly as Mustache renders the model by
/// reflecting it on every look-up: the same names, a nil that falls through to the page
/// around a row, a `LocalOptional` that stays local, lists empty and not, values that describe
/// themselves, nested structs, and a section's flag.
@Suite struct ReflectedModelTests {
    struct Amount: CustomStringConvertible {
        let yen: Int64
        var description: String { "¥\(yen)" }
    }

    struct Detail {
        let memo: String
        let inner: Inner?
        struct Inner { let code: String }
    }

    struct Row {
        let name: String
        let note: String?
        let amount: Amount
        let flagged: Bool
        let detail: Detail?
        let local: LocalOptional<String>
    }

    struct Model {
        let title: String
        let note: String
        let rows: [Row]
        let none: [Row]
        let missing: String?
        let count: Int
        let total: Int64
        let detail: Detail
        let local: LocalOptional<Detail>
        let absent: LocalOptional<Detail>
        let reversed: ReversedCollection<[String]>
    }

    static let template = """
        {{title}}|{{missing}}|{{count}}|{{total}}|{{detail.memo}}|{{detail.inner.code}}
        {{#rows}}[{{name}} {{note}} {{amount}} {{#flagged}}F{{/flagged}}{{^flagged}}-{{/flagged}} {{detail.memo}} {{detail.inner.code}} \
        {{#local}}L:{{local}}{{/local}}{{^local}}noL{{/local}} {{title}} {{#first}}first{{/first}}{{#last}}last{{/last}}]{{/rows}}
        {{^none}}no rows{{/none}}{{#none}}rows{{/none}}
        {{#local}}{{memo}}/{{inner.code}}{{/local}}{{#absent}}shown{{/absent}}{{^absent}}absent{{/absent}}
        {{#detail}}{{memo}} {{title}}{{/detail}}
        {{#reversed}}<{{.}}>{{/reversed}}
        """

    static let model = Model(
        title: "振込",
        note: "page note",
        rows: [
            Row(name: "A&B", note: nil, amount: Amount(yen: 1200), flagged: true,
                detail: Detail(memo: "m1", inner: .init(code: "c1")), local: LocalOptional("x")),
            Row(name: "<C>", note: "row note", amount: Amount(yen: 5), flagged: false, detail: nil, local: LocalOptional(nil)),
        ],
        none: [], missing: nil, count: 3, total: 9_000_000_000,
        detail: Detail(memo: "top", inner: nil),
        local: LocalOptional(Detail(memo: "lm", inner: .init(code: "lc"))), absent: LocalOptional(nil),
        reversed: ["1", "2"].reversed())

    @Test func rendersAsMustachesOwnReflection() throws {
        let template = try MustacheTemplate(string: Self.template)
        let reflectedOnce = try #require(ReflectedModel.reading(Self.model))
        #expect(reflectedOnce is ReflectedModel)
        let expected = template.render(Self.model)
        #expect(template.render(reflectedOnce) == expected)
        // Not vacuous: the oracle rendered every kind of value.
        #expect(expected.contains("A&amp;B") && expected.contains("¥1200") && expected.contains("c1") && expected.contains("no rows"))
        #expect(expected.contains("L:x") && expected.contains("noL") && expected.contains("lm/lc") && expected.contains("absent"))
        #expect(expected.contains("<2><1>"))
    }

    /// A list's rows are read once with the page, not left to Mustache to reflect for every
    /// name (an array describes itself too: it must not be taken for a value that does).
    @Test func everyRowOfAListIsReadOnceAndTextsStayTexts() throws {
        let page = try #require(ReflectedModel.reading(Self.model) as? ReflectedModel)
        let rows = try #require(page.child(named: "rows") as? [Any])
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { $0 is ReflectedModel })
        let texts = try #require(ReflectedModel.reading(["a", "<b>"]) as? [Any])
        #expect(texts.map { $0 as? String } == ["a", "<b>"])
        let template = try MustacheTemplate(string: "{{#list}}[{{.}}]{{/list}}")
        #expect(template.render(["list": texts]) == "[a][&lt;b&gt;]")
    }

    @Test func aNilRowPropertyFallsThroughToThePageAndAnEmptyOptionalIsNil() throws {
        let template = try MustacheTemplate(string: "{{#rows}}{{note}};{{/rows}}")
        let page = try #require(ReflectedModel.reading(Self.model))
        #expect(template.render(page) == "page note;row note;")
        #expect(ReflectedModel.reading(Optional<Row>.none as Any) == nil)
    }
}
