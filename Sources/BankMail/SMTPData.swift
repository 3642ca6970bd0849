/// The DATA section on the wire (RFC 5321 §4.5.2): CRLF line ends, dot-stuffing, and the
/// terminating `CRLF.CRLF`.
enum SMTPData {
    private static let cr: UInt8 = 0x0D, lf: UInt8 = 0x0A, dot: UInt8 = 0x2E

    /// Dot-stuffs `message` and appends the end-of-data marker. Bare CR or LF become CRLF
    /// because servers reject or mangle them, and a missing final line end is added so the
    /// marker stands on a line of its own.
    static func frame(_ message: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(message.count + message.count / 50 + 5)
        var atLineStart = true
        var index = 0
        while index < message.count {
            let byte = message[index]
            if atLineStart && byte == dot { out.append(dot) }
            switch byte {
            case cr:
                out += [cr, lf]
                if index + 1 < message.count && message[index + 1] == lf { index += 1 }
                atLineStart = true
            case lf:
                out += [cr, lf]
                atLineStart = true
            default:
                out.append(byte)
                atLineStart = false
            }
            index += 1
        }
        if !atLineStart { out += [cr, lf] }
        out += [dot, cr, lf]
        return out
    }
}
