import BankText
import Foundation
import Hummingbird

/// The body of a problem answer (`application/problem+json`), as openapi.yaml's `Problem`.
struct ProblemDocument: Encodable {
    struct Messages: Encodable {
        var ja: String
        var en: String
    }
    struct FieldProblem: Encodable {
        var field: String
        var code: String
        var messages: Messages
    }

    var type: String
    var title: String
    var status: Int
    var detail: String
    var instance: String
    var messages: Messages
    var errors: [FieldProblem]?

    init(_ problem: APIProblem, path: String, language: Language) {
        type = problem.type
        // The same for every occurrence of the type (RFC 9457): the English message without arguments.
        title = Language.en.text(problem.messageKey)
        status = problem.status.code
        // The detail names what was wrong as precisely as the parser did; `messages` stay the
        // catalog's words in each language.
        detail = problem.message(language, technical: true)
        instance = path
        messages = Messages(ja: problem.message(.ja), en: problem.message(.en))
        errors = problem.fields.isEmpty ? nil : problem.fields.map {
            FieldProblem(field: $0.name, code: $0.messageKey,
                         messages: Messages(ja: Language.ja.text($0.messageKey), en: Language.en.text($0.messageKey)))
        }
    }
}

extension APIProblem {
    /// The problem document as sent (what an idempotent replay stores and sends again).
    func encoded(path: String, language: Language) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(ProblemDocument(self, path: path, language: language))) ?? Data("{}".utf8)
    }

    /// The answer: status, headers (`Retry-After`, `WWW-Authenticate` …) and the problem document.
    public func response(path: String, language: Language) -> Response {
        let body = encoded(path: path, language: language)
        var fields = headers
        fields[.contentType] = "application/problem+json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

extension Language {
    /// The language an API client asks for: English when `Accept-Language` prefers it, else Japanese.
    static func accepted(by request: Request) -> Language {
        guard let header = request.headers[.acceptLanguage] else { return .ja }
        let ranked = header.split(separator: ",").compactMap { part -> (String, Double)? in
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first?.lowercased(), !tag.isEmpty else { return nil }
            let quality = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return (tag, quality)
        }
        let best = ranked.filter { $0.1 > 0 && ($0.0.hasPrefix("ja") || $0.0.hasPrefix("en")) }.max { $0.1 < $1.1 }
        return best?.0.hasPrefix("en") == true ? .en : .ja
    }
}
