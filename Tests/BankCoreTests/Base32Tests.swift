import BankCore
import Testing

@Suite struct Base32Tests {
    /// RFC 4648 §10, without the padding we leave off.
    static let vectors: [(String, String)] = [
        ("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"),
        ("foob", "MZXW6YQ"), ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI"),
    ]

    @Test func rfc4648Vectors() {
        for (plain, encoded) in Self.vectors {
            #expect(Base32.encode(Array(plain.utf8)) == encoded)
            #expect(Base32.decode(encoded) == Array(plain.utf8))
        }
        // The padded forms from the RFC decode too.
        #expect(Base32.decode("MY======") == Array("f".utf8))
        #expect(Base32.decode("MZXW6YQ=") == Array("foob".utf8))
        #expect(Base32.decode("MZXW6YTBOI======") == Array("foobar".utf8))
    }

    @Test func roundTrips() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<70 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let encoded = Base32.encode(bytes)
            #expect(!encoded.contains("="))
            #expect(Base32.decode(encoded) == bytes)
            #expect(Base32.decode(encoded.lowercased()) == bytes)
        }
        let all = Array(0...255).map(UInt8.init)
        #expect(Base32.decode(Base32.encode(all)) == all)
    }

    @Test func lenientAboutCaseAndSpaces() {
        #expect(Base32.decode("mzxw 6ytb oi") == Array("foobar".utf8))
        #expect(Base32.decode(" MzXw6YtBoI ") == Array("foobar".utf8))
    }

    @Test func refusesInvalidText() {
        for text in ["MZXW1", "MZXW8", "MZ-XW", "MZXW6Y!", "MZ=XW6", "ＭＺＸＷ６", "M", "MZX", "MZXW6Y"] {
            #expect(Base32.decode(text) == nil, "\(text)")
        }
    }
}
