import BankCore
import BankText
import Foundation
import Mustache
import Synchronization

/// The screens' templates as they are rendered: one library per language, with the catalog's
/// texts and the sites' constant links (`TemplateLinks`) written into them, and HTML escaped
/// byte by byte.
///
/// A template names its texts `{{t.key}}`. Looked up at render time, each was a walk up the
/// section stack, a catalog look-up and an escape of the text, on every page: 916 of them
/// across the templates, 36 of the menu's ~100 tags with its header and footer. Written in
/// once per language (escaped as Mustache escapes them), they cost nothing per page. The
/// catalog depends on the bank's configured contact (`{bank_phone}`…), so the libraries are
/// made again when it changes. A key the catalog lacks stays a token, rendered as before (empty); CatalogTests
/// fail on it.
///
/// Mustache's own HTML escaping looks every Character up in a dictionary (grapheme breaking
/// and hashing for each of them, Japanese text included): 10 % of the server's CPU on
/// `GET /menu` (perf, issue 20). `HTMLBytesEscaping` replaces the same five characters in the
/// UTF-8 bytes.
final class PageTemplates: Sendable {
    /// Each template's text as written, by name (the file name without `.mustache`).
    private let sources: [String: String]
    /// The sites' constant links (`{{links.name}}`), written in as the texts are.
    private let links: TemplateLinks
    private let compiled = Mutex<(contact: BankContact, libraries: [Language: MustacheLibrary])?>(nil)

    init(directory: String, links: TemplateLinks = .sites) throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".mustache") }
        var sources: [String: String] = [:]
        for file in files {
            sources[String(file.dropLast(".mustache".count))] = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
        }
        self.sources = sources
        self.links = links
        _ = try libraries(for: BankContact.current)
    }

    /// Every template as written (the tests read them).
    var templateSources: [String: String] { sources }

    /// The library of `language` for the contact in force.
    func library(_ language: Language) throws -> MustacheLibrary {
        guard let library = try libraries(for: BankContact.current)[language] else { throw PageRenderer.RendererError.resourcesMissing }
        return library
    }

    /// The libraries for `contact`, made when it is not the one they were made for.
    func libraries(for contact: BankContact) throws -> [Language: MustacheLibrary] {
        try compiled.withLock { compiled in
            if let compiled, compiled.contact == contact { return compiled.libraries }
            var libraries: [Language: MustacheLibrary] = [:]
            for language in Language.allCases {
                let texts = TextCatalog.table(language, for: contact)
                var templates: [String: MustacheTemplate] = [:]
                for (name, source) in sources {
                    let prepared = Self.prepared(source, texts: texts, language: language, links: links.of(template: name))
                    templates[name] = try MustacheTemplate(string: prepared)
                }
                libraries[language] = MustacheLibrary(templates: templates)
            }
            compiled = (contact, libraries)
            return libraries
        }
    }

    /// `source` with its `{{t.key}}` texts and `{{links.name}}` paths written in, escaped, the
    /// library's own language too (`{{lang}}`, `{{other_lang}}`: the header's, on every page),
    /// and the escaping of the rest set to `HTMLBytesEscaping` (a content type holds for its
    /// template: partials say it too). Each name Mustache looks up at render time costs
    /// ~15,000 instructions (callgrind, issue 20); these are the same on every view.
    static func prepared(_ source: String, texts: [String: String], language: Language, links: [String: String] = [:]) -> String {
        HTMLBytesEscaping.register()
        // On a line of its own, which the parser drops with it (a standalone tag).
        return "{{% CONTENT_TYPE: \(HTMLBytesEscaping.name)}}\n"
            + written(written(source, prefix: "{{t.", values: texts), prefix: "{{links.", values: links)
                .replacingOccurrences(of: "{{lang}}", with: language.rawValue)
                .replacingOccurrences(of: "{{other_lang}}", with: language.other.rawValue)
    }

    /// `source` with each `PREFIXkey}}` whose key `values` has replaced by the value, escaped;
    /// other keys stay tokens, rendered as before (looked up: empty when nothing has them).
    private static func written(_ source: String, prefix: String, values: [String: String]) -> String {
        var output = ""
        output.reserveCapacity(source.utf8.count + 64)
        var rest = source[...]
        while let open = rest.range(of: prefix) {
            output += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else { rest = rest[open.lowerBound...]; break }
            let key = String(rest[open.upperBound..<close.lowerBound])
            if let value = values[key], Self.isPlainKey(key), !value.contains("{{"), !value.contains("}}") {
                output += HTMLBytesEscaping.escape(value)
            } else {
                output += rest[open.lowerBound..<close.upperBound]
            }
            rest = rest[close.upperBound...]
        }
        output += rest
        return output
    }

    /// A key as the templates write it (no spaces, no other tag inside).
    private static func isPlainKey(_ key: String) -> Bool {
        !key.isEmpty && key.utf8.allSatisfy { byte in
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F || byte == 0x2E
        }
    }
}

/// HTML escaping over UTF-8 bytes: `<`, `>`, `&`, `"` and `'` as Mustache's HTML content type
/// writes them, everything else as it is.
struct HTMLBytesEscaping: MustacheContentType {
    static let name = "KYOEI_HTML"

    /// Makes the name known to Mustache's parser (once per process).
    static func register() { _ = registered }

    private static let registered: Void = MustacheContentTypes.register(HTMLBytesEscaping(), named: name)

    func escapeText(_ text: String) -> String { Self.escape(text) }

    static func escape(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes -> String? in
            guard bytes.contains(where: { $0 == 0x3C || $0 == 0x3E || $0 == 0x26 || $0 == 0x22 || $0 == 0x27 }) else { return nil }
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count + 16)
            for byte in bytes {
                switch byte {
                case 0x3C: output.append(contentsOf: "&lt;".utf8)
                case 0x3E: output.append(contentsOf: "&gt;".utf8)
                case 0x26: output.append(contentsOf: "&amp;".utf8)
                case 0x22: output.append(contentsOf: "&quot;".utf8)
                case 0x27: output.append(contentsOf: "&#39;".utf8)
                default: output.append(byte)
                }
            }
            return String(decoding: output, as: UTF8.self)
        } ?? text
    }
}

/// The constant links each site's templates are written with: the back office's templates
/// (`staff_…`) get `StaffLinks`, every other one `CustomerLinks` (the partials both sites
/// share link nowhere). `PageTemplatesTests` checks that no `{{links.…}}` is left unwritten.
struct TemplateLinks: Sendable {
    let customer: [String: String]
    let staff: [String: String]

    static let sites = TemplateLinks(customer: CustomerLinks.table, staff: StaffLinks.table)

    func of(template name: String) -> [String: String] {
        name.hasPrefix("staff_") ? staff : customer
    }
}

/// A site's constant links, as its templates name them (`{{links.name}}`): the struct's
/// stored properties, each a path built from the site's routes.
protocol SiteLinks: Sendable {
    init()
}

extension SiteLinks {
    /// Name → path, read once from the struct's properties.
    static var table: [String: String] {
        Dictionary(uniqueKeysWithValues: Mirror(reflecting: Self()).children.compactMap { child in
            guard let label = child.label, let path = child.value as? String else { return nil }
            return (label, path)
        })
    }
}
