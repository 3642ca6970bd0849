import BankCore
import BankText
@testable import BankWeb
import Foundation
import Mustache
import Testing

/// The templates as rendered (`PageTemplates`): the catalog's texts written in per language and
/// escaped as Mustache escapes them, keys the catalog lacks left to render as before, the
/// contact's words following the contact, and values escaped over bytes exactly as Mustache's
/// own HTML escaping does. (ScreenSnapshotTests hold every screen to its golden HTML besides.)
@Suite struct PageTemplatesTests {
    /// What Mustache's own HTML content type makes of `text`.
    static func mustacheEscaped(_ text: String) throws -> String {
        try MustacheTemplate(string: "{{x}}").render(["x": text])
    }

    @Test(arguments: ["", "plain", "振込＜確認＞", #"<script>alert("x&y")</script>"#, "O'Brien & 田中", "🏦<>&\"'", "&amp;", "a\nb"])
    func bytesAreEscapedAsMustacheEscapesCharacters(text: String) throws {
        #expect(HTMLBytesEscaping.escape(text) == (try Self.mustacheEscaped(text)))
    }

    @Test func catalogTextsAreWrittenInEscapedAndUnknownKeysStay() throws {
        let texts = ["a.title": "残高照会", "a.markup": "<b>\"A&B\"</b>", "a.braces": "{{x}}"]
        let source = "<h1>{{t.a.title}}</h1>{{t.a.markup}}|{{t.a.missing}}|{{t.a.braces}}|{{value}}"
        let prepared = PageTemplates.prepared(source, texts: texts, language: .ja)
        #expect(prepared.hasPrefix("{{% CONTENT_TYPE: \(HTMLBytesEscaping.name)}}\n"))
        #expect(prepared.contains("<h1>残高照会</h1>&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;|{{t.a.missing}}|{{t.a.braces}}|{{value}}"))
        // Rendered: the same page as the text looked up at render time, the pragma leaving no line.
        let context: [String: Any] = ["value": "<v>", "t": ["a": ["title": "残高照会", "markup": "<b>\"A&B\"</b>", "braces": "{{x}}"]]]
        let rendered = try MustacheTemplate(string: prepared).render(context)
        let looked = try MustacheTemplate(string: source).render(context)
        #expect(rendered == looked)
        #expect(rendered == "<h1>残高照会</h1>&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;||{{x}}|&lt;v&gt;")
        #expect(try MustacheTemplate(string: prepared).render(["value": "v"]).hasPrefix("<h1>残高照会</h1>"), "written in, not looked up")
    }

    @Test(arguments: Language.allCases)
    func theLibrarysLanguageIsWrittenIn(language: Language) throws {
        let prepared = PageTemplates.prepared(#"<html lang="{{lang}}"><input value="{{other_lang}}">{{language}}"#, texts: [:], language: language)
        #expect(prepared.hasSuffix(#"<html lang="\#(language.rawValue)"><input value="\#(language.other.rawValue)">{{language}}"#))
        // Written in, not looked up: a context that says otherwise changes nothing.
        #expect(try MustacheTemplate(string: prepared).render(["lang": "xx", "other_lang": "yy", "language": "z"])
                == #"<html lang="\#(language.rawValue)"><input value="\#(language.other.rawValue)">z"#)
    }

    @Test func everySitesLinksAreWrittenIntoItsOwnTemplates() async throws {
        let renderer = try await PageRenderer.load()
        let sources = renderer.templates.templateSources
        #expect(sources.count > 60)
        for (name, source) in sources {
            let prepared = PageTemplates.prepared(source, texts: [:], language: .ja, links: TemplateLinks.sites.of(template: name))
            #expect(!prepared.contains("{{links."), "\(name): a link its site does not have")
        }
        let customer = CustomerLinks.table, staff = StaffLinks.table
        #expect(customer["home"] == CustomerRoute.menu.path && customer["balances"] == CustomerRoute.balances.path)
        #expect(customer.count == 25 && customer["session_extend"] == CustomerRoute.sessionExtend.path && staff["home"] == StaffRoute.home.path && staff["scheduled"] == StaffRoute.scheduled.path)
        #expect(TemplateLinks.sites.of(template: "staff_header")["home"] == StaffRoute.home.path)
        #expect(TemplateLinks.sites.of(template: "header")["home"] == CustomerRoute.menu.path)
        // Escaped as values are; a name the site lacks stays a token.
        let written = PageTemplates.prepared(#"<a href="{{links.a}}">{{links.missing}}</a>"#, texts: [:], language: .en, links: ["a": "/x?a=1&b=\"2\""])
        #expect(written.hasSuffix(#"<a href="/x?a=1&amp;b=&quot;2&quot;">{{links.missing}}</a>"#))
    }

    @Test func theContactsWordsFollowTheContact() async throws {
        let renderer = try await PageRenderer.load()
        let other = BankContact(phone: "03-1234-5678")
        #expect(other != BankContact.current)
        for language in Language.allCases {
            let footer = { (contact: BankContact) throws -> String in
                try #require(try renderer.templates.libraries(for: contact)[language]?.render([String: Any](), withTemplate: "footer"))
            }
            let configured = try footer(BankContact.current), changed = try footer(other)
            #expect(configured.contains(BankContact.current.phone) || configured.contains(BankContact.current.internationalPhone))
            #expect(changed.contains(other.phone) || changed.contains(other.internationalPhone), "\(language)")
            #expect(!changed.contains(BankContact.current.phone))
        }
        // The configured contact's libraries again for the pages.
        #expect(try renderer.templates.library(.ja).render([String: Any](), withTemplate: "footer")?.contains(BankContact.current.phone) == true)
    }
}
