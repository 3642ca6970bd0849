import BankCore
import BankText
import Foundation
import Mustache
import Synchronization

/// The screens' templates as they are rendered: one library per language, with the catalog's
/// texts written into them and HTML escaped byte by byte.
///
/// A template names its texts `{{t.key}}`. Looked up at render time, each was a walk up the
/// section stack, a catalog look-up and an escape of the text, on every page: 916 of them
/// across the templates, 36 of the menu's ~100 tags with its header and footer. Written in
/// once per language (escaped as Mustache escapes them), they cost nothing per page. The catalog depends on the
/// bank's configured contact (`{bank_phone}`…), so the libraries are made again when it
/// changes. A key the catalog lacks stays a token, rendered as before (empty); CatalogTests
/// fail on it.
///
/// Mustache's own HTML escaping looks every Character up in a dictionary (grapheme breaking
/// and hashing for each of them, Japanese text included): 10 % of the server's CPU on
/// `GET /menu` (perf, issue 20). `HTMLBytesEscaping` replaces the same five characters in the
/// UTF-8 bytes.
final class PageTemplates: Sendable {
    /// Each template's text as written, by name (the file name without `.mustache`).
    private let sources: [String: String]
    private let compiled = Mutex<(contact: BankContact, libraries: [Language: MustacheLibrary])?>(nil)

    init(directory: String) throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".mustache") }
        var sources: [String: String] = [:]
        for file in files {
            sources[String(file.dropLast(".mustache".count))] = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
        }
        self.sources = sources
        _ = try libraries(for: BankContact.current)
    }

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
                    templates[name] = try MustacheTemplate(string: Self.prepared(source, texts: texts, language: language))
                }
                libraries[language] = MustacheLibrary(templates: templates)
            }
            compiled = (contact, libraries)
            return libraries
        }
    }

    /// `source` with its `{{t.key}}` texts written in, escaped, the library's own language
    /// too (`{{lang}}`, `{{other_lang}}`: the header's, on every page), and the escaping of the
    /// rest set to `HTMLBytesEscaping` (a content type holds for its template: partials say it
    /// too). Each name Mustache looks up costs ~15,000 instructions (callgrind, issue 20).
    static func prepared(_ source: String, texts: [String: String], language: Language) -> String {
        written(source, texts: texts)
            .replacingOccurrences(of: "{{lang}}", with: language.rawValue)
            .replacingOccurrences(of: "{{other_lang}}", with: language.other.rawValue)
    }

    private static func written(_ source: String, texts: [String: String]) -> String {
        HTMLBytesEscaping.register()
        // On a line of its own, which the parser drops with it (a standalone tag).
        var output = "{{% CONTENT_TYPE: \(HTMLBytesEscaping.name)}}\n"
        output.reserveCapacity(source.utf8.count + 64)
        var rest = source[...]
        while let open = rest.range(of: "{{t.") {
            output += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else { rest = rest[open.lowerBound...]; break }
            let key = String(rest[open.upperBound..<close.lowerBound])
            if let text = texts[key], Self.isPlainKey(key), !text.contains("{{"), !text.contains("}}") {
                output += HTMLBytesEscaping.escape(text)
            } else {
                output += rest[open.lowerBound..<close.upperBound]
            }
            rest = rest[close.upperBound...]
        }
        output += rest
        return output
    }

    /// A catalog key as the templates write it (no spaces, no other tag inside).
    private static func isPlainKey(_ key: String) -> Bool {
        !key.isEmpty && key.utf8.allSatisfy { byte in
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F || byte == 0x2E
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
