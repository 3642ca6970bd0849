import BankStore
import Foundation

/// The mail's Subject, its RFC 2047 encoded-words decoded and joined.
func decodedSubject(_ mail: OutboxMail) -> String {
    let header = mail.data.components(separatedBy: "\r\n\r\n").first ?? ""
    let unfolded = header.replacingOccurrences(of: "\r\n ", with: " ")
    guard let line = unfolded.components(separatedBy: "\r\n").first(where: { $0.hasPrefix("Subject:") }) else { return "" }
    let words = WebResponse.matches(#"=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?="#, in: line).map { $0[0] }
    if words.isEmpty { return String(line.dropFirst("Subject:".count)).trimmingCharacters(in: .whitespaces) }
    return words.map { String(decoding: Data(base64Encoded: $0) ?? Data(), as: UTF8.self) }.joined()
}
