import Foundation

/// Header-field encoding: RFC 2047 encoded-words for non-ASCII text and RFC 5322 folding.
enum RFC2047 {
    /// UTF-8 bytes per encoded-word. 42 bytes make 56 base64 characters, a 68-character word:
    /// within RFC 2047's 75, and it still fits after `Subject: ` on a 78-character line.
    static let maxBytesPerWord = 42
    /// RFC 5322 §2.1.1: lines SHOULD stay within 78 characters.
    static let maxLineLength = 78

    /// `text` as `=?UTF-8?B?…?=` words, split only between characters so that no word
    /// ends inside a character (RFC 2047 §5 requires each word to be decodable alone). Every
    /// mail's subject and names pass here: the bytes are read from each character's own UTF-8
    /// view, not copied out through a String and an Array per character.
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        chunk.reserveCapacity(maxBytesPerWord)
        func add<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
            if !chunk.isEmpty && chunk.count + bytes.count > maxBytesPerWord {
                words.append(encodeWord(chunk))
                chunk.removeAll(keepingCapacity: true)
            }
            chunk.append(contentsOf: bytes)
        }
        for character in text {
            if character.utf8.count <= maxBytesPerWord {
                add(character.utf8)
            } else {
                // A grapheme longer than a word (long emoji sequences): fall back to scalars.
                for scalar in character.unicodeScalars { add(scalar.utf8) }
            }
        }
        if !chunk.isEmpty { words.append(encodeWord(chunk)) }
        return words
    }

    static func encodeWord(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?\(Data(bytes).base64EncodedString())?="
    }

    /// Unstructured text (a subject) as tokens for `fold`: plain words when the text is
    /// short-worded printable ASCII that cannot be mistaken for an encoded-word, else
    /// encoded-words.
    static func unstructuredTokens(_ text: String) -> [String] {
        let clean = singleLine(text)
        let words = clean.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let plain = clean.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } && !clean.contains("=?")
            && words.allSatisfy { $0.count <= 60 } && !clean.isEmpty
        return plain ? words : encodedWords(clean)
    }

    /// A display name (RFC 5322 phrase): an atom, a quoted string, or encoded-words.
    static func phraseTokens(_ name: String) -> [String] {
        let clean = singleLine(name).trimmingCharacters(in: .whitespaces)
        if clean.isEmpty { return [] }
        guard clean.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }), !clean.contains("=?"), clean.count <= 60 else {
            return encodedWords(clean)
        }
        if clean.utf8.allSatisfy({ atext[Int($0)] }) {
            return clean.split(separator: " ").map(String.init)
        }
        let escaped = clean.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return ["\"\(escaped)\""]
    }

    /// `Name: t1 t2` with a fold (CRLF + space) before any token that would pass 78
    /// characters; unfolding restores the single spaces between tokens.
    static func fold(name: String, tokens: [String]) -> String {
        var result = "\(name):"
        var lineLength = result.count
        for token in tokens {
            if lineLength + 1 + token.count > maxLineLength && lineLength > name.count + 1 {
                result += "\r\n"
                lineLength = 0
            }
            result += " " + token
            lineLength += 1 + token.count
        }
        return result + "\r\n"
    }

    /// RFC 5322 atext and the space between atoms, by ASCII byte (the phrase is printable ASCII
    /// when it is looked up here).
    static let atext: [Bool] = (0..<128).map { byte in
        let scalar = Unicode.Scalar(UInt8(byte))
        return ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
            || "!#$%&'*+-/=?^_`{|}~ ".unicodeScalars.contains(scalar)
    }

    /// Header values are one logical line: CR, LF, tabs and other controls (C0, DEL, C1:
    /// general category Cc) become spaces, which also stops header injection through a subject
    /// or name. Text without any (nearly all) is returned as it is, found by a scan of its bytes.
    static func singleLine(_ text: String) -> String {
        var previous: UInt8 = 0
        let hasControl = text.utf8.contains { byte in
            defer { previous = byte }
            // C0 and DEL are single bytes; C1 (U+0080…U+009F) is 0xC2 0x80…0x9F.
            return byte < 0x20 || byte == 0x7F || (previous == 0xC2 && (0x80...0x9F).contains(byte))
        }
        guard hasControl else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map {
            $0.properties.generalCategory == .control ? " " : $0
        }))
    }
}
