import BankTestSupport
import Foundation
import Testing

/// Every screen's whole HTML against its golden file (Snapshots/<template>.html, and
/// Snapshots/en/<template>.html in English), so any change of a template, a page model or a text
/// shows as a diff. The clock is the manual one and the random bytes are seeded, so
/// session-derived form tokens, 受付番号 and token user ids are the same on every run: nothing on
/// the pages is masked.
@Suite struct ScreenSnapshotTests {
    /// Japanese (no language cookie, goldens in Snapshots/) and English (Snapshots/en/).
    static let languages = ["ja", "en"]

    static func folder(_ language: String) -> String { language == "ja" ? "" : language }

    @Test(arguments: languages)
    func everyScreenMatchesItsGoldenHTML(language: String) async throws {
        let folder = Self.folder(language)
        try await withSite(random: SeededRandom()) { site in
            let rendered = try await site.renderEveryScreen(language: folder.isEmpty ? nil : language)
            #expect(!site.renderer.screenNames.isEmpty)
            for name in site.renderer.screenNames.sorted() {
                let page = try #require(rendered[name], "template \(name) has no request in the screen tour: add one")
                GoldenHTML.expectMatch(page.body, name: folder.isEmpty ? name : "\(folder)/\(name)")
            }
        }
    }

    /// A golden file whose template is gone would never be compared again.
    @Test func everyGoldenFileIsAScreen() async throws {
        try await withSite { site in
            let screens = Set(site.renderer.screenNames)
            for folder in Self.languages.map(Self.folder) {
                for name in try GoldenHTML.recordedNames(in: folder) {
                    #expect(screens.contains(name), "Snapshots/\(folder)/\(name).html has no template: delete it")
                }
            }
        }
    }
}
