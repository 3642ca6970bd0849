import Foundation

extension AuditDetail {
    /// A stored detail read back: code words, then `key=value` pairs (a value runs to the next
    /// ` key=`, so free text such as a reason keeps its spaces). A word or key this version does
    /// not know is kept as it was, so `storedText` gives back what was stored.
    public init(stored text: String) {
        let text = text.trimmingCharacters(in: .whitespaces)
        let starts = Self.keyStarts(text)
        let head = starts.first.map { String(text[..<$0.lowerBound]) } ?? text
        var parts: [Part] = head.split(separator: " ").map { word in
            AuditCode(rawValue: String(word)).map(Part.code) ?? .word(String(word))
        }
        for (index, start) in starts.enumerated() {
            let end = index + 1 < starts.count ? starts[index + 1].lowerBound : text.endIndex
            let key = String(text[start].dropLast())
            let value = text[start.upperBound..<end].trimmingCharacters(in: .whitespaces)
            parts.append(AuditDetailKey(rawValue: key).map { .field($0, value) } ?? .otherField(key, value))
        }
        self.init(parts)
    }

    /// The code words, as stored.
    public var words: [String] {
        parts.compactMap { part in
            switch part {
            case .code(let code): code.rawValue
            case .word(let word): word
            default: nil
            }
        }
    }

    /// The `key=value` pairs in order, keys as stored.
    public var pairs: [(key: String, value: String)] {
        parts.compactMap { part in
            switch part {
            case .field(let key, let value): (key.rawValue, value)
            case .otherField(let key, let value): (key, value)
            default: nil
            }
        }
    }

    /// Where each `key=` begins (at the start or after a space): a lower-case word and `=`.
    private static func keyStarts(_ text: String) -> [Range<String.Index>] {
        var found: [Range<String.Index>] = []
        var index = text.startIndex
        while index < text.endIndex {
            let atWordStart = index == text.startIndex || text[text.index(before: index)] == " "
            if atWordStart, text[index].isASCII, text[index].isLowercase {
                var end = index
                while end < text.endIndex, text[end].isASCII, text[end].isLowercase || text[end] == "_" { end = text.index(after: end) }
                if end < text.endIndex, text[end] == "=" {
                    found.append(index..<text.index(after: end))
                    index = text.index(after: end)
                    continue
                }
            }
            index = text.index(after: index)
        }
        return found
    }
}
