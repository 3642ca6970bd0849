/// One complete SMTP reply (RFC 5321 §4.2): a three-digit code and one or more text lines.
struct SMTPReply: Sendable, Equatable, CustomStringConvertible {
    var code: Int
    /// The text of each line, without the code and separator.
    var lines: [String]

    var isPositiveCompletion: Bool { (200..<300).contains(code) }
    var isIntermediate: Bool { (300..<400).contains(code) }
    var isTransientFailure: Bool { (400..<500).contains(code) }
    var isPermanentFailure: Bool { (500..<600).contains(code) }

    /// Code and first line, capped: server texts end up in the outbox's error column.
    var description: String {
        let text = lines.first ?? ""
        return "\(code) \(text.count > 200 ? String(text.prefix(200)) + "…" : text)"
    }
}

/// What went wrong below the level of reply codes.
enum SMTPProtocolError: Error, Sendable, CustomStringConvertible {
    case malformedReply(String)
    case lineTooLong
    case tooManyLines
    case connectionClosed
    case timeout(String)
    case dataAfterStartTLS

    var description: String {
        switch self {
        case .malformedReply(let line): return "malformed SMTP reply line \"\(line.prefix(80))\""
        case .lineTooLong: return "SMTP reply line too long"
        case .tooManyLines: return "SMTP reply has too many lines"
        case .connectionClosed: return "connection closed by the server"
        case .timeout(let what): return "timed out waiting for \(what)"
        case .dataAfterStartTLS: return "server sent plaintext after its STARTTLS reply (possible injection)"
        }
    }
}

/// Assembles reply lines into replies: `250-…` continues, `250 …` (or a bare `250`) ends.
/// Pure, so the odd cases are unit-testable without a socket.
struct SMTPReplyParser: Sendable {
    /// Caps memory a hostile server can make us spend on one reply.
    static let maxLines = 512
    private var code: Int?
    private var lines: [String] = []

    init() {}

    /// Feeds one line (without its CRLF); returns the reply when this line completes one.
    mutating func feed(_ line: String) throws(SMTPProtocolError) -> SMTPReply? {
        let bytes = Array(line.utf8)
        guard bytes.count >= 3, bytes[0...2].allSatisfy({ (0x30...0x39).contains($0) }),
              let lineCode = Int(String(decoding: bytes[0...2], as: UTF8.self)), (200...599).contains(lineCode)
        else { throw .malformedReply(line) }
        let separator: UInt8 = bytes.count > 3 ? bytes[3] : 0x20
        guard separator == 0x20 || separator == 0x2D else { throw .malformedReply(line) }  // " " or "-"
        if let code, code != lineCode { throw .malformedReply(line) }  // codes must agree within a reply
        code = lineCode
        lines.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
        guard lines.count <= Self.maxLines else { throw .tooManyLines }
        guard separator == 0x20 else { return nil }
        defer { code = nil; lines = [] }
        return SMTPReply(code: lineCode, lines: lines)
    }
}

/// The ESMTP extensions we use, read from an EHLO reply.
struct SMTPCapabilities: Sendable, Equatable {
    var startTLS = false
    /// Upper-cased mechanism names, e.g. `PLAIN`, `LOGIN`.
    var authMechanisms: Set<String> = []
    /// The announced maximum message size; `nil` when SIZE is absent or says 0 (no limit).
    var maxSize: Int?
    var eightBitMIME = false
    var announcesSize = false

    init() {}

    /// The first line is the server's greeting name; each further line is one keyword with
    /// parameters. The old `AUTH=PLAIN LOGIN` spelling is still sent by some servers.
    init(ehloReply: SMTPReply) {
        for line in ehloReply.lines.dropFirst() {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "=" }).map { $0.uppercased() }
            guard let keyword = words.first else { continue }
            switch keyword {
            case "STARTTLS": startTLS = true
            case "AUTH": authMechanisms.formUnion(words.dropFirst())
            case "8BITMIME": eightBitMIME = true
            case "SIZE":
                announcesSize = true
                if words.count > 1, let limit = Int(words[1]), limit > 0 { maxSize = limit }
            default: break
            }
        }
    }
}
