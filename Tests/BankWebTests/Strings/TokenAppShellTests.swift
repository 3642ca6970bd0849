import Foundation
import Testing

/// The token web app's static files (Sources/BankWeb/TokenApp/Shell): what a browser test would
/// only notice on a phone in airplane mode or under the token origin's CSP.
@Suite struct TokenAppShellTests {
    static let folder = "Sources/BankWeb/TokenApp/Shell"

    static func text(_ name: String) throws -> String {
        try String(contentsOf: CatalogTests.repositoryRoot.appendingPathComponent("\(folder)/\(name)"), encoding: .utf8)
    }

    /// The shell's files by their URL path (`/app.js`, `/icons/icon.svg`), with their bytes.
    static func shellFiles() throws -> [(path: String, data: Data)] {
        let root = CatalogTests.repositoryRoot.appendingPathComponent(folder).standardizedFileURL
        var files: [(path: String, data: Data)] = []
        let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = walker?.nextObject() as? URL {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            files.append((String(url.standardizedFileURL.path.dropFirst(root.path.count)), try Data(contentsOf: url)))
        }
        return files.sorted { $0.path < $1.path }
    }

    /// Offline start needs every file of the shell in the service worker's precache (the worker
    /// itself excepted), plus the two files the server generates.
    @Test func theServiceWorkerPrecachesTheWholeShell() throws {
        let worker = try Self.text("sw.js")
        guard let list = worker.firstMatch(of: /const SHELL = \[([^\]]*)\]/) else {
            Issue.record("sw.js has no SHELL list")
            return
        }
        let cached = Set(list.output.1.matches(of: /'([^']+)'/).map { String($0.output.1) })
        let files = Set(try Self.shellFiles().map(\.path).filter { $0 != "/sw.js" }).union(["/", "/strings.json", "/config.json"])
        #expect(files.count > 8, "the walk finds the shell")
        #expect(files.subtracting(cached).sorted() == [], "files sw.js does not precache")
        #expect(cached.subtracting(files).sorted() == [], "sw.js precaches files that do not exist")
    }

    /// An installed app serves its cached shell until sw.js itself changes: a change of any other
    /// file must come with a change of sw.js (its cache version and this fingerprint), or phones
    /// never see it. FNV-1a 64 over each file's path, a zero byte, its bytes and a zero byte.
    @Test func theServiceWorkerChangesWithTheShell() throws {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for file in try Self.shellFiles() where file.path != "/sw.js" {
            for byte in Data(file.path.utf8) + [0] + file.data + [0] {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            }
        }
        let fingerprint = String(hash, radix: 16).leftPadded(to: 16)
        let written = try Self.text("sw.js").firstMatch(of: /Shell fingerprint: ([0-9a-f]+)/).map { String($0.output.1) }
        #expect(written == fingerprint,
                "the shell changed: in sw.js bump CACHE_VERSION and set the shell fingerprint to \(fingerprint)")
    }

    /// The origin's CSP is `script-src 'self'; style-src 'self'`: an inline script, style or
    /// handler would simply not run there.
    @Test func thePageHasNoInlineScriptOrStyle() throws {
        let page = try Self.text("index.html")
        #expect(page.matches(of: /<script(?![^>]*\ssrc=)[^>]*>/).isEmpty, "inline <script>")
        #expect(!page.contains("<style"), "inline <style>")
        #expect(page.matches(of: /\s(?:style|on[a-z]+)=/).isEmpty, "style= or on…= attribute")
        #expect(page.contains(#"<script type="module" src="/app.js">"#))
    }

    @Test func theManifestMakesAnInstallableJapaneseApp() throws {
        let data = Data(try Self.text("manifest.webmanifest").utf8)
        let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(manifest["lang"] as? String == "ja")
        #expect(manifest["display"] as? String == "standalone")
        #expect(manifest["start_url"] as? String == "/" && manifest["scope"] as? String == "/")
        let sizes = (manifest["icons"] as? [[String: Any]] ?? []).compactMap { $0["sizes"] as? String }
        #expect(sizes.contains("192x192") && sizes.contains("512x512"))
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
