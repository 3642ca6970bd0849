import BankCore
import Foundation

/// Builds the RFC 5322 + MIME bytes of the bank's plain-text mails (Japanese or English).
public enum MailComposer {
    /// A complete message with CRLF line ends, ready for `MailEnvelope.data`:
    /// `Date` (RFC 5322, +0900), `Message-ID`, `From` (display name RFC 2047-encoded when
    /// non-ASCII), `To`, `Subject` (UTF-8 B encoded-words of at most 75 characters, folded),
    /// `MIME-Version: 1.0`, `Content-Type: text/plain; charset=UTF-8`,
    /// `Content-Transfer-Encoding: base64` with 76-character lines.
    ///
    /// Base64 keeps every line short and 7-bit, so no relay re-encodes or re-wraps the body
    /// and `BODY=8BITMIME` is never needed. Line ends in `body` may be LF or CRLF.
    public static func compose(fromName: String, fromAddress: String, to: [String], subject: String,
                               body: String, date: Date, messageID: String) -> [UInt8] {
        var header = ""
        header += "Date: \(rfc5322Date(date))\r\n"
        header += "Message-ID: \(bracketed(messageID))\r\n"
        let nameTokens = RFC2047.phraseTokens(fromName)
        header += RFC2047.fold(name: "From", tokens: nameTokens + [nameTokens.isEmpty ? fromAddress : "<\(fromAddress)>"])
        header += RFC2047.fold(name: "To", tokens: to.enumerated().map { $0.offset < to.count - 1 ? "\($0.element)," : $0.element })
        header += RFC2047.fold(name: "Subject", tokens: RFC2047.unstructuredTokens(subject))
        header += "MIME-Version: 1.0\r\n"
        header += "Content-Type: text/plain; charset=UTF-8\r\n"
        header += "Content-Transfer-Encoding: base64\r\n"
        header += "\r\n"
        return Array(header.utf8) + base64Lines(canonicalLineEndBytes(body))
    }

    /// A fresh `<hex@domain>` from 16 random bytes of the bank's random source.
    public static func makeMessageID(random: any RandomSource, domain: String) -> String {
        makeMessageID(randomBytes: random.bytes(16), domain: domain)
    }

    /// `<hex@domain>` from the given bytes (tests pass fixed bytes for stable messages).
    public static func makeMessageID(randomBytes: [UInt8], domain: String) -> String {
        let host = domain.isEmpty ? "localhost" : domain
        return "<\(Hex.encode(randomBytes))@\(host)>"
    }

    /// `Tue, 05 Mar 2024 14:03:07 +0900`: computed by hand in JST so neither locale nor the
    /// machine's time zone can change it.
    static func rfc5322Date(_ date: Date) -> String {
        let r = JapanTime.reading(date)
        let weekday = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][r.weekday]
        let monthName = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][r.month - 1]
        func two(_ n: Int) -> String { JapanTime.padded(n, 2) }
        return "\(weekday), \(two(r.day)) \(monthName) \(r.year) \(two(r.hour)):\(two(r.minute)):\(two(r.second)) +0900"
    }

    private static func bracketed(_ id: String) -> String {
        id.hasPrefix("<") && id.hasSuffix(">") ? id : "<\(id)>"
    }

    /// text/plain's canonical form has CRLF line ends (RFC 2046 §4.1.1), also inside base64.
    /// Works on the UTF-8 bytes: CR and LF never occur inside a multi-byte character, and
    /// Foundation's replacingOccurrences was a tenth of a transfer's CPU.
    static func canonicalLineEnds(_ text: String) -> String {
        String(decoding: canonicalLineEndBytes(text), as: UTF8.self)
    }

    /// The same as bytes, for the body's base64: no String made and read again, and a line
    /// end appended byte by byte (an array literal per line end was most of this function's
    /// ~58,000 instructions per mail, callgrind, issue 20).
    static func canonicalLineEndBytes(_ text: String) -> [UInt8] {
        var text = text
        return text.withUTF8 { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + bytes.count / 16)
            var index = 0
            while index < bytes.count {
                switch bytes[index] {
                case 0x0D:
                    out.append(0x0D)
                    out.append(0x0A)
                    if index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
                case 0x0A:
                    out.append(0x0D)
                    out.append(0x0A)
                case let byte:
                    out.append(byte)
                }
                index += 1
            }
            return out
        }
    }

    /// Base64 in lines of 76 characters (RFC 2045 §6.8), each ending in CRLF.
    static func base64Lines(_ bytes: [UInt8]) -> [UInt8] {
        let encoded = Array(Data(bytes).base64EncodedData())
        var out: [UInt8] = []
        out.reserveCapacity(encoded.count + encoded.count / 38 + 2)
        var start = 0
        while start < encoded.count {
            let end = min(start + 76, encoded.count)
            out += encoded[start..<end]
            out.append(0x0D)
            out.append(0x0A)
            start = end
        }
        return out
    }
}
