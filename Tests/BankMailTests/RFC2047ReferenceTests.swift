import Foundation
import Testing
@testable import BankMail

/// `RFC2047` reads bytes where it used to copy every character out through a String and an
/// Array, and scans for controls before rebuilding a header value (issue 20: a tenth of a
/// transfer's instructions were its mail's headers). Its answers must not change: the
/// implementation it replaced is kept here as the oracle, and both see the same inputs —
/// Japanese, emoji sequences longer than a word, every kind of control (C0, DEL, C1, and the
/// no-break space beside them that is not one), ASCII names that are atoms, quoted strings or
/// look like encoded-words.
@Suite struct RFC2047ReferenceTests {
    static let inputs: [String] = {
        let long = "a" + String(repeating: "\u{301}", count: 30)
        let family = "👨🏻‍👩🏻‍👧🏻‍👦🏻"
        var texts = [
            "", " ", "Your one-time password", "Kyoei Bank", "Kyoei Bank, Ltd.", "O'Brien & Sons", "a\\b \"quoted\"",
            "=?UTF-8?B?abc?=", "【きょうえい】振込受付のお知らせ", Sample.longSubject, "きょうえい銀行", "ｷﾖｳｴｲ ﾀﾛｳ",
            "Hi\r\nBcc: evil@example.com", "tab\there", "del\u{7F}x", "nel\u{85}x", "c1 end\u{9F}", "nbsp\u{A0}kept",
            "é\u{80}ü", family, family + family + "振込", long, "x" + long + "y", "  padded  ", "🏦", "a  b   c",
            String(repeating: "word ", count: 30), String(repeating: "x", count: 70), "\u{1}\u{2}\u{1F}",
        ]
        texts += texts.map { $0 + "振込" }
        return texts
    }()

    @Test func encodedWordsAreTheOnesOfBefore() {
        for text in Self.inputs {
            #expect(RFC2047.encodedWords(text) == Reference.encodedWords(text), "\(text.debugDescription)")
        }
    }

    @Test func headerTokensAreTheOnesOfBefore() {
        for text in Self.inputs {
            #expect(RFC2047.singleLine(text) == Reference.singleLine(text), "\(text.debugDescription)")
            #expect(RFC2047.unstructuredTokens(text) == Reference.unstructuredTokens(text), "\(text.debugDescription)")
            #expect(RFC2047.phraseTokens(text) == Reference.phraseTokens(text), "\(text.debugDescription)")
        }
    }

    /// The implementation before (e2cffe7), word for word.
    enum Reference {
        static func encodedWords(_ text: String) -> [String] {
            var words: [String] = []
            var chunk: [UInt8] = []
            func add(_ bytes: [UInt8]) {
                if !chunk.isEmpty && chunk.count + bytes.count > RFC2047.maxBytesPerWord {
                    words.append(RFC2047.encodeWord(chunk))
                    chunk = []
                }
                chunk += bytes
            }
            for character in text {
                let bytes = Array(String(character).utf8)
                if bytes.count <= RFC2047.maxBytesPerWord {
                    add(bytes)
                } else {
                    for scalar in character.unicodeScalars { add(Array(String(scalar).utf8)) }
                }
            }
            if !chunk.isEmpty { words.append(RFC2047.encodeWord(chunk)) }
            return words
        }

        static func unstructuredTokens(_ text: String) -> [String] {
            let clean = singleLine(text)
            let words = clean.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            let plain = clean.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } && !clean.contains("=?")
                && words.allSatisfy { $0.count <= 60 } && !clean.isEmpty
            return plain ? words : encodedWords(clean)
        }

        static func phraseTokens(_ name: String) -> [String] {
            let clean = singleLine(name).trimmingCharacters(in: .whitespaces)
            if clean.isEmpty { return [] }
            guard clean.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }), !clean.contains("=?"), clean.count <= 60 else {
                return encodedWords(clean)
            }
            let atext = CharacterSet(charactersIn: "!#$%&'*+-/=?^_`{|}~ ").union(.alphanumerics)
            if clean.unicodeScalars.allSatisfy({ atext.contains($0) }) {
                return clean.split(separator: " ").map(String.init)
            }
            let escaped = clean.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return ["\"\(escaped)\""]
        }

        static func singleLine(_ text: String) -> String {
            String(String.UnicodeScalarView(text.unicodeScalars.map {
                $0.properties.generalCategory == .control ? " " : $0
            }))
        }
    }
}
