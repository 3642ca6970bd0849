import CQRencode

/// QR codes as inline SVG, encoded by Debian's libqrencode (a well-kept encoder rather than
/// one of our own): the authenticator app's `otpauth://` URI, the token app's link.
enum QRCodeSVG {
    /// The quiet zone the QR standard asks for around the symbol, in modules.
    static let quietZone = 4
    /// Pixels per module of the default size (a stylesheet may scale the SVG).
    static let pixelsPerModule = 4
    /// The most bytes a symbol holds at error-correction level M (version 40, 8-bit mode).
    static let capacity = 2331

    /// An `<svg>` of `text` (UTF-8, 8-bit mode, error-correction level M), dark modules on
    /// white as one `<path>`, announced to screen readers as an image named `label`.
    /// The same text always gives the same SVG. `text` must fit a QR symbol (`capacity`
    /// bytes): callers pass URLs the bank builds, never what a user typed.
    static func svg(for text: String, label: String) -> String {
        let modules = encode(text)
        let width = modules.count
        let size = width + 2 * quietZone
        let pixels = size * pixelsPerModule
        var path = ""
        // One rectangle per horizontal run of dark modules keeps the path short.
        for (y, row) in modules.enumerated() {
            var x = 0
            while x < width {
                guard row[x] else { x += 1; continue }
                let start = x
                while x < width && row[x] { x += 1 }
                path += "M\(start + quietZone) \(y + quietZone)h\(x - start)v1h-\(x - start)z"
            }
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" class="qr-code" viewBox="0 0 \(size) \(size)" \
            width="\(pixels)" height="\(pixels)" role="img" aria-label="\(escapeAttribute(label))" \
            shape-rendering="crispEdges"><rect width="\(size)" height="\(size)" fill="#fff"/>\
            <path fill="#000" d="\(path)"/></svg>
            """
    }

    /// The symbol's modules, row by row (true = dark), without the quiet zone.
    static func encode(_ text: String) -> [[Bool]] {
        let bytes = Array(text.utf8)
        precondition((1...capacity).contains(bytes.count), "QR code text of \(bytes.count) bytes, not 1...\(capacity)")
        // Version 0: the smallest version that holds the text.
        guard let code = bytes.withUnsafeBufferPointer({ QRcode_encodeData(Int32($0.count), $0.baseAddress, 0, QR_ECLEVEL_M) }) else {
            // Only running out of memory is left once the length is checked.
            fatalError("libqrencode could not encode \(bytes.count) bytes")
        }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        // Bit 0 of each module's byte is dark/light; the other bits say what the module is for.
        return (0..<width).map { y in (0..<width).map { x in code.pointee.data[y * width + x] & 1 == 1 } }
    }

    /// The QR version (1–40) libqrencode chose for `text`.
    static func version(for text: String) -> Int {
        (encode(text).count - 17) / 4
    }

    private static func escapeAttribute(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
