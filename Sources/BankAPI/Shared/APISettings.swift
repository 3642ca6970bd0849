/// The JSON API's own settings (KYOEI_API_MAX_BODY_BYTES, KYOEI_API_ANON_RATE_LIMIT).
public struct APISettings: Sendable, Equatable {
    /// A request body over this many bytes is answered 413 before it is read further.
    public var maxBodyBytes: Int
    /// Requests per client IP address without a live session (the login itself, the
    /// document, a wrong or ended token): more are answered 429 with `Retry-After`.
    public var anonymousRateLimit: APIRateLimit

    public static let defaultMaxBodyBytes = 65_536

    public init(maxBodyBytes: Int = APISettings.defaultMaxBodyBytes, anonymousRateLimit: APIRateLimit = .standard) {
        self.maxBodyBytes = max(1, maxBodyBytes)
        self.anonymousRateLimit = anonymousRateLimit
    }
}

/// `requests` per `seconds`, written `30/60` in the configuration.
public struct APIRateLimit: Sendable, Equatable, CustomStringConvertible {
    public var requests: Int
    public var seconds: Int

    public init(requests: Int, seconds: Int) {
        self.requests = max(1, requests)
        self.seconds = max(1, seconds)
    }

    /// 30 a minute per address: an office behind one address can still log 30 people in a
    /// minute (the one-time password step runs on the token and is not counted), while a
    /// credential-stuffing run from one address is held to 43,200 tries a day — and every
    /// login ID it hits keeps its own lock (KYOEI_LOCKOUT_LIMIT) on top.
    public static let standard = APIRateLimit(requests: 30, seconds: 60)

    /// Reads `REQUESTS/SECONDS`, e.g. `30/60`; nil when it is not that.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let requests = Int(parts[0].trimmingCharacters(in: .whitespaces)),
              let seconds = Int(parts[1].trimmingCharacters(in: .whitespaces)), requests > 0, seconds > 0 else { return nil }
        self.init(requests: requests, seconds: seconds)
    }

    public var description: String { "\(requests)/\(seconds)" }
}
