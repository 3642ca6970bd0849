import Foundation
import Hummingbird

/// An `application/x-www-form-urlencoded` body as a dictionary (last value wins).
struct FormBody: Sendable {
    let fields: [String: String]

    subscript(_ name: String) -> String? { fields[name] }

    /// The field, or "" when absent.
    func value(_ name: String) -> String { fields[name] ?? "" }

    /// The form the CSRF check already read, or the body read now.
    static func read(_ request: Request, context: BankRequestContext) async throws -> FormBody {
        if let form = context.form { return form }
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        return FormBody(urlEncoded: String(buffer: buffer))
    }

    init(urlEncoded body: String) {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            fields[key] = value
        }
        self.fields = fields
    }

    static func decode(_ text: Substring) -> String {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
    }
}
