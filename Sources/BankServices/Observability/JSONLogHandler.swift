import Foundation
import Logging

/// KYOEI_LOG_FORMAT=json: one JSON object per line — `ts` (UTC, milliseconds), `level`,
/// `logger`, `msg`, then the line's metadata as keys of their own (the access log's
/// `request_id`, `route`, `status`, `duration_ms`, `customer_id`…), for a log shipper that
/// reads JSON without a grammar. A metadata key that names a secret (password, secret, token,
/// cookie, authorization) is written as "[redacted]", whatever wrote it.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    let label: String
    let write: @Sendable (String) -> Void

    /// `write` gets each line with its newline (default: standard error, where the text format
    /// writes too, one whole line per write).
    public init(label: String, metadataProvider: Logger.MetadataProvider? = nil,
                write: @escaping @Sendable (String) -> Void = JSONLogHandler.standardError) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let explicit = event.metadata { merged.merge(explicit) { _, new in new } }
        // Hummingbird's per-request id is the request id (RequestObservationMiddleware sets it).
        if let hummingbird = merged.removeValue(forKey: "hb.request.id"), merged["request_id"] == nil {
            merged["request_id"] = hummingbird
        }
        write(Self.line(at: Date(), level: event.level, label: label, message: "\(event.message)", metadata: merged))
    }

    static let reservedKeys: Set<String> = ["ts", "level", "logger", "msg"]
    static let numericKeys: Set<String> = ["status", "duration_ms", "customer_id"]
    static let secretWords = ["password", "secret", "token", "cookie", "authorization"]

    public static func line(at date: Date, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata) -> String {
        var object: [String: Any] = ["ts": timestamp(date), "level": level.rawValue, "logger": label, "msg": message]
        for (key, value) in metadata {
            let name = reservedKeys.contains(key) ? "meta_" + key : key
            let lower = key.lowercased()
            if secretWords.contains(where: lower.contains) {
                object[name] = "[redacted]"
            } else if numericKeys.contains(key), case .string(let text) = value, let number = Double(text) {
                object[name] = number == number.rounded() && abs(number) < 1e15 ? Int64(number) as Any : number as Any
            } else if numericKeys.contains(key), case .stringConvertible(let convertible) = value, let number = Double("\(convertible)") {
                object[name] = number == number.rounded() && abs(number) < 1e15 ? Int64(number) as Any : number as Any
            } else {
                object[name] = json(value)
            }
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func json(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let text): text
        case .stringConvertible(let convertible): "\(convertible)"
        case .array(let values): values.map(json)
        case .dictionary(let values): values.mapValues(json)
        }
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
    }

    public static let standardError: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data(line.utf8))
    }
}

extension Logger.MetadataProvider {
    /// Adds the id of the request being answered to every log line written while answering
    /// it, whichever logger writes it (the services log through the bank's own).
    public static let requestID = Logger.MetadataProvider {
        RequestIdentity.current.map { ["request_id": .string($0.requestID)] } ?? [:]
    }
}
