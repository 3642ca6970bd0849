import Hummingbird

extension Request {
    /// The value of cookie `name`, as Hummingbird's `cookies[name]?.value` reads it (the first
    /// cookie of that name across the Cookie headers; nil when it has no value), without
    /// building every cookie of the request as Strings Character by Character: `cookies` is
    /// parsed anew on each use, and a page read it three times, ~3.5 % of the server's
    /// instructions on `GET /menu` (callgrind, issue 20). A header with any non-ASCII byte
    /// (where Hummingbird's notion of whitespace is Unicode's) is left to Hummingbird.
    func cookieValue(_ name: String) -> String? {
        for header in headers[values: .cookie] {
            switch Self.cookieValue(name, inHeader: header) {
            case .found(let value): return value
            case .notFound: continue
            case .notASCII: return Cookies(from: headers[values: .cookie])[name]?.value
            }
        }
        return nil
    }

    enum CookieSearch: Equatable { case found(String?), notFound, notASCII }

    /// `name`'s value in one Cookie header: `; `-separated `name=value` pairs, leading blanks
    /// of a pair ignored, a pair without `=` skipped, the first pair of the name deciding.
    static func cookieValue(_ name: String, inHeader header: String) -> CookieSearch {
        var header = header
        return header.withUTF8 { bytes -> CookieSearch in
            if bytes.contains(where: { $0 >= 0x80 }) { return .notASCII }
            var start = 0
            while start < bytes.count {
                let end = bytes[start...].firstIndex(of: UInt8(ascii: ";")) ?? bytes.count
                var first = start
                // Character.isWhitespace within ASCII: tab, line feed, vertical tab, form feed, carriage return, space.
                while first < end, bytes[first] == 0x20 || (0x09...0x0D).contains(bytes[first]) { first += 1 }
                if let equals = bytes[first..<end].firstIndex(of: UInt8(ascii: "=")),
                   bytes[first..<equals].elementsEqual(name.utf8) {
                    // Hummingbird splits the pair at `=` dropping empty parts: no name or no value, no cookie.
                    return .found(equals > first && equals + 1 < end ? String(decoding: bytes[(equals + 1)..<end], as: UTF8.self) : nil)
                }
                start = end + 1
            }
            return .notFound
        }
    }
}
