import BankServices
import Foundation
import HTTPTypes
import Hummingbird
import OpenAPIRuntime

extension APIProblem {
    /// Any error a request ended with, as the problem it answers: a refusal of a use case, a
    /// request the generated code could not read (400 naming what and where, 415), or — for
    /// anything else — 500 with the failure for the log (`internal`: the error itself, never the
    /// generated code's wrapper, which carries the request's input, passwords and all); the
    /// client learns nothing more.
    static func answering(_ error: any Error) -> (problem: APIProblem, internal: (any Error)?) {
        var error = error
        var status: HTTPResponse.Status?
        var cause: String?
        // The generated server wraps what a handler threw, and what it met reading the request.
        while let wrapped = error as? ServerError {
            status = status ?? wrapped.httpStatus
            cause = cause ?? wrapped.causeDescription
            error = wrapped.underlyingError
        }
        switch error {
        case let problem as APIProblem: return (problem, nil)
        case let refusal as BankError: return (APIProblem(refusal), nil)
        case let decoding as DecodingError: return (APIProblem(decoding), nil)
        default:
            guard let status, (400..<500).contains(status.code) else { return (.internalError, error) }
            let key = status == .unsupportedMediaType ? "error.api.media_type" : "error.api.malformed"
            let missing = missingParameter("\(error)").map { [Field(name: $0, messageKey: "error.api.missing_field")] } ?? []
            return (APIProblem(status: status, messageKey: key, technicalDetail: "\(error)", fields: missing), nil)
        }
    }

    /// What a handler threw, out of the generated server's wrapper.
    static func unwrapped(_ error: any Error) -> any Error {
        var error = error
        while let wrapped = error as? ServerError { error = wrapped.underlyingError }
        return error
    }

    /// A body the JSON decoder refused: 400, the field it stopped at, and why.
    init(_ error: DecodingError) {
        let (path, key, detail): ([any CodingKey], String, String)
        switch error {
        case .typeMismatch(let type, let context):
            (path, key, detail) = (context.codingPath, "error.api.wrong_type", "expected \(type)")
        case .valueNotFound(_, let context):
            (path, key, detail) = (context.codingPath, "error.api.missing_field", context.debugDescription)
        case .keyNotFound(let missing, let context):
            (path, key, detail) = (context.codingPath + [missing], "error.api.missing_field", "no value for \(missing.stringValue)")
        case .dataCorrupted(let context):
            let unknown = context.debugDescription.hasPrefix("Additional properties are disabled")
            let underlying = (context.underlyingError.map { ": \($0)" }) ?? ""
            (path, key, detail) = (context.codingPath, unknown ? "error.api.unknown_field" : "error.api.malformed_json",
                                   unknown ? "not a field of this request" : context.debugDescription + underlying)
        @unknown default:
            (path, key, detail) = ([], "error.api.malformed_json", "\(error)")
        }
        // An empty field is the body as a whole (JSON that does not parse).
        let field = Self.jsonPath(path)
        self.init(status: .badRequest, messageKey: "error.api.malformed",
                  technicalDetail: field.isEmpty ? detail : "\(field): \(detail)", fields: [Field(name: field, messageKey: key)])
    }

    /// The header or parameter the generated code found missing, from its error's words (the
    /// runtime's error type is not public; its descriptions are fixed by the pinned version and
    /// the plumbing tests read them back).
    static func missingParameter(_ description: String) -> String? {
        let forms = [("The required header field named '", "' is missing."), ("Missing required query parameter named: ", ""),
                     ("Missing required path parameter named: ", "")]
        for (prefix, suffix) in forms where description.hasPrefix(prefix) && description.hasSuffix(suffix) {
            let name = description.dropFirst(prefix.count).dropLast(suffix.count)
            return name.isEmpty ? nil : String(name)
        }
        return nil
    }

    /// `destination.payeeId`, `items[2].name`.
    static func jsonPath(_ path: [any CodingKey]) -> String {
        path.reduce(into: "") { out, key in
            if let index = key.intValue { out += "[\(index)]" } else { out += (out.isEmpty ? "" : ".") + key.stringValue }
        }
    }
}
