/// What an audit row says about the event: code words (`wrong_password`, `otp_required`, the
/// purpose of a password check), then `key=value` fields with keys from `AuditDetailKey`.
/// Written only through this type; stored as `storedText` (`wrong_password failures=1`), the
/// form the 監査ログ screen, the CSV and scripts read, and read back with `init(stored:)`.
public struct AuditDetail: Sendable, Equatable, Codable, ExpressibleByArrayLiteral {
    public enum Part: Sendable, Equatable, Codable {
        case code(AuditCode)
        case field(AuditDetailKey, String)
        /// A code word the bank stores as it came (a purpose passed through, a stored status).
        case word(String)
        /// A stored `key=value` whose key this version does not know (read back, never written).
        case otherField(String, String)
    }

    public var parts: [Part]

    public init(_ parts: [Part]) { self.parts = parts }
    public init(arrayLiteral parts: Part...) { self.parts = parts }

    public static let none = AuditDetail([])

    public var storedText: String {
        parts.map { part in
            switch part {
            case .code(let code): code.rawValue
            case .word(let word): word
            case .field(let key, let value): "\(key.rawValue)=\(value)"
            case .otherField(let key, let value): "\(key)=\(value)"
            }
        }.joined(separator: " ")
    }

    /// One detail followed by another (what a change did, then the approved request it carried out).
    public static func + (lhs: AuditDetail, rhs: AuditDetail) -> AuditDetail { AuditDetail(lhs.parts + rhs.parts) }

    /// The first code word: what a password check was for (`transfer`, `payee_add` …).
    public var leadingCode: AuditCode? {
        if case .code(let code) = parts.first { return code }
        return nil
    }
}

extension AuditDetail.Part {
    /// A field with any printable value (amounts, counts, ids).
    @_disfavoredOverload
    public static func field(_ key: AuditDetailKey, _ value: some CustomStringConvertible) -> Self {
        .field(key, value.description)
    }
}
