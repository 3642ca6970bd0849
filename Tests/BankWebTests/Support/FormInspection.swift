import Foundation
import Testing

/// Reading forms and redirects of the rendered pages, as a browser would find them.
extension WebResponse {
    /// The fields of the form posting to `action`: hidden ones with their values, in order.
    func hiddenFields(action: String) -> [(String, String)] {
        guard let form = formHTML(action: action) else { return [] }
        return Self.inputs(form).filter { $0.type == "hidden" }.map { ($0.name, $0.value) }
    }

    /// Names of every input, select and textarea of the form posting to `action`.
    func fieldNames(action: String) -> [String] {
        guard let form = formHTML(action: action) else { return [] }
        let selects = Self.matches(#"<(?:select|textarea)[^>]*\bname="([^"]*)""#, in: form).map { $0[0] }
        return Self.inputs(form).map(\.name) + selects
    }

    func hasForm(action: String) -> Bool { formHTML(action: action) != nil }

    func formHTML(action: String) -> String? {
        let escaped = NSRegularExpression.escapedPattern(for: action)
        return Self.matches(#"<form[^>]*action="\#(escaped)"[^>]*>(.*?)</form>"#, in: body).first?.first
    }

    /// The nonce of a redirect to the 確認画面.
    var confirmationNonce: String? {
        guard let location, location.hasPrefix("/transfer/confirm?nonce=") else { return nil }
        return String(location.dropFirst("/transfer/confirm?nonce=".count))
    }

    /// The 受付番号 of a redirect to the result screen.
    var receptionNumber: String? {
        guard let location, location.hasPrefix("/transfer/done?no=") else { return nil }
        return String(location.dropFirst("/transfer/done?no=".count))
    }

    /// Every page text without tags, for "this is not shown anywhere" checks.
    var text: String { body.replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression) }

    struct Input { let type: String; let name: String; let value: String }

    static func inputs(_ html: String) -> [Input] {
        matches(#"<input([^>]*)>"#, in: html).compactMap { groups in
            let attributes = groups[0]
            func attribute(_ name: String) -> String? {
                matches(#"\b\#(name)="([^"]*)""#, in: attributes).first?.first.map(unescape)
            }
            guard let name = attribute("name") else { return nil }
            return Input(type: attribute("type") ?? "text", name: name, value: attribute("value") ?? "")
        }
    }

    static func matches(_ pattern: String, in text: String) -> [[String]] {
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]) else { return [] }
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
            (1..<match.numberOfRanges).map { Range(match.range(at: $0), in: text).map { String(text[$0]) } ?? "" }
        }
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}

/// Checks the message beside one field (`<small class="field-error" id="FIELD-error">`).
func expectFieldError(_ page: WebResponse, _ field: String, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let message = page.firstCapture(#"class="field-error" id="\#(field)-error">([^<]*)<"#)
    #expect(message?.contains(text) == true, "\(field) says \(text), not \(message ?? "nothing")", sourceLocation: sourceLocation)
}
