import Foundation
import Testing
@testable import BankWeb

/// QRCodeSVG, the wrapper of libqrencode: the symbol grows with the text, the same text gives
/// the same SVG, the SVG is what the pages need (viewBox with the quiet zone, one path of dark
/// modules, role and an escaped label). That a real decoder reads it back is checked in the
/// browser tests (Tests/browser/test_authenticator_app.py, with zxing-cpp).
@Suite struct QRCodeSVGTests {
    static let uri = "otpauth://totp/%E5%8D%94%E6%A0%84:0123456789?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
        + "&issuer=%E5%8D%94%E6%A0%84&algorithm=SHA1&digits=6&period=60"

    @Test func theVersionGrowsWithTheText() {
        let short = QRCodeSVG.version(for: "http://127.0.0.1:8081/")
        let uri = QRCodeSVG.version(for: Self.uri)
        let long = QRCodeSVG.version(for: String(repeating: "A", count: 1_000))
        #expect(short >= 1 && short < uri && uri < long && long <= 40)
        // Every module row is as wide as the symbol: 17 + 4 × version.
        let modules = QRCodeSVG.encode(Self.uri)
        #expect(modules.count == 17 + 4 * uri && modules.allSatisfy { $0.count == modules.count })
        // The finder pattern's corner: a dark 7-module square ring in the top left.
        #expect(modules[0][0..<7].allSatisfy { $0 } && modules[6][0..<7].allSatisfy { $0 } && !modules[1][1])
        // The most a symbol holds at level M, and not a byte more.
        #expect(QRCodeSVG.version(for: String(repeating: "a", count: QRCodeSVG.capacity)) == 40)
    }

    @Test func theSVGIsDeterministicAndComplete() throws {
        let svg = QRCodeSVG.svg(for: Self.uri, label: "QR")
        #expect(svg == QRCodeSVG.svg(for: Self.uri, label: "QR"))
        #expect(svg != QRCodeSVG.svg(for: Self.uri + "x", label: "QR"))
        let size = QRCodeSVG.encode(Self.uri).count + 2 * QRCodeSVG.quietZone
        #expect(svg.hasPrefix(#"<svg xmlns="http://www.w3.org/2000/svg" class="qr-code" viewBox="0 0 \#(size) \#(size)""#))
        #expect(svg.contains(#"role="img" aria-label="QR""#) && svg.hasSuffix("</svg>"))
        #expect(svg.components(separatedBy: "<path ").count == 2, "one path of dark modules")
        // No dark module in the quiet zone: every run starts at 4 or more, on rows 4…size-5.
        let runs = try NSRegularExpression(pattern: #"M(\d+) (\d+)h(\d+)"#)
            .matches(in: svg, range: NSRange(svg.startIndex..., in: svg))
            .map { match in (1...3).map { Int((svg as NSString).substring(with: match.range(at: $0)))! } }
        #expect(!runs.isEmpty)
        #expect(runs.allSatisfy { $0[0] >= 4 && $0[1] >= 4 && $0[1] < size - 4 && $0[0] + $0[2] <= size - 4 })
        // The dark modules drawn are exactly those of the symbol.
        let dark = QRCodeSVG.encode(Self.uri).joined().filter { $0 }.count
        #expect(runs.map { $0[2] }.reduce(0, +) == dark)
    }

    @Test func theLabelIsEscaped() {
        let svg = QRCodeSVG.svg(for: "x", label: #"<b>"A" & 'B'</b>"#)
        #expect(svg.contains(#"aria-label="&lt;b&gt;&quot;A&quot; &amp; &#39;B&#39;&lt;/b&gt;""#))
        #expect(!svg.contains("<b>"))
    }
}
