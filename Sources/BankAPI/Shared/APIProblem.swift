import BankServices
import BankText
import HTTPTypes

/// A refusal as the API answers it (RFC 9457 problem details): its status, the catalog key of
/// its message (which also names its stable `type`), the fields to correct, and headers such
/// as `Retry-After`. Handlers throw a `BankError` as the use case threw it, or one of these
/// when the API needs another name for a field or arguments for the message.
public struct APIProblem: Error, Sendable, Equatable {
    public var status: HTTPResponse.Status
    /// The catalog key of the message; `type` is `urn:kyoei:problem:` + the key without `error.`.
    public var messageKey: String
    /// `{0}`, `{1}` … of the message.
    public var arguments: [String] = []
    /// What a person reading a log needs beyond the message (the JSON parser's complaint).
    public var technicalDetail: String?
    public var fields: [Field] = []
    public var headers: HTTPFields = [:]

    /// A field (its JSON name or parameter) and the catalog key of what is wrong with it.
    public struct Field: Sendable, Equatable {
        public var name: String
        public var messageKey: String
        public init(name: String, messageKey: String) {
            self.name = name
            self.messageKey = messageKey
        }
    }

    public init(status: HTTPResponse.Status, messageKey: String, arguments: [String] = [], technicalDetail: String? = nil,
                fields: [Field] = [], headers: HTTPFields = [:]) {
        self.status = status
        self.messageKey = messageKey
        self.arguments = arguments
        self.technicalDetail = technicalDetail
        self.fields = fields
        self.headers = headers
    }

    /// A refusal of one of the kinds every presentation shares, with its message.
    public init(_ kind: RefusalKind, messageKey: String, arguments: [String] = []) {
        self.init(status: kind.status, messageKey: messageKey, arguments: arguments)
    }

    /// A use case's refusal: the status its kind has, its message, its fields under their JSON
    /// names (`confirmation_password` becomes `confirmationPassword` unless `fieldNames` says
    /// otherwise).
    public init(_ error: BankError, fieldNames: [String: String] = [:], arguments: [String] = []) {
        let kind = RefusalKind(error)
        var fields: [Field] = []
        var key = error.messageKey
        if case .invalidInput(let errors) = error {
            key = "error.invalid_input"
            fields = errors.map { Field(name: fieldNames[$0.field] ?? Self.jsonName($0.field), messageKey: $0.messageKey) }
        }
        self.init(status: kind.status, messageKey: key, arguments: arguments, fields: fields)
    }

    /// `confirmation_password` → `confirmationPassword`.
    static func jsonName(_ field: String) -> String {
        let parts = field.split(separator: "_")
        guard let first = parts.first else { return field }
        return String(first) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    public var type: String {
        "urn:kyoei:problem:" + (messageKey.hasPrefix("error.") ? String(messageKey.dropFirst("error.".count)) : messageKey)
    }

    /// The message in one language; with `technical`, the parser's own (English) words after it.
    func message(_ language: Language, technical: Bool = false) -> String {
        let text = arguments.isEmpty ? language.text(messageKey) : language.text(messageKey, arguments)
        guard technical, let technicalDetail else { return text }
        return "\(text) (\(technicalDetail))"
    }
}

extension APIProblem {
    static func unauthenticated(tokenSent: Bool, expired: Bool = false) -> APIProblem {
        APIProblem(status: .unauthorized, messageKey: expired ? "error.api.session_expired" : "error.api.unauthenticated",
                   headers: [.wwwAuthenticate: tokenSent ? #"Bearer error="invalid_token""# : "Bearer"])
    }

    static let otpRequired = APIProblem(status: .forbidden, messageKey: "error.api.otp_required")

    static func tooLarge(limit: Int) -> APIProblem {
        APIProblem(status: .contentTooLarge, messageKey: "error.api.too_large", arguments: [String(limit)])
    }

    static func rateLimited(retryAfter seconds: Int) -> APIProblem {
        APIProblem(status: .tooManyRequests, messageKey: "error.api.rate_limited", arguments: [String(seconds)],
                   headers: [.retryAfter: String(seconds)])
    }

    /// A body of another media type than the operation's (the generated code checks it first).
    static let malformedBody = APIProblem(status: .unsupportedMediaType, messageKey: "error.api.media_type")

    static let notFound = APIProblem(status: .notFound, messageKey: "error.api.not_found")
    static let internalError = APIProblem(status: .internalServerError, messageKey: "error.internal")
}
