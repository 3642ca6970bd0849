import Yams

/// Small HTML helpers: escaping, and the little Markdown the document's descriptions use
/// (paragraphs, `*` lists, `code`, **bold**).
enum HTML {
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }

    /// One line of text: escaped, with `code` spans.
    static func inline(_ text: String) -> String {
        let parts = escape(text).components(separatedBy: "`")
        return parts.enumerated().map { index, part in index % 2 == 1 ? "<code>\(part)</code>" : part }.joined()
    }

    /// A description block: blank lines part paragraphs, lines starting `* ` make a list.
    static func block(_ text: String?) -> String {
        guard let text, !text.isEmpty else { return "" }
        var out = ""
        var paragraph: [String] = []
        var items: [String] = []
        func flush() {
            if !paragraph.isEmpty { out += "<p>\(inline(paragraph.joined(separator: " ")))</p>\n"; paragraph = [] }
            if !items.isEmpty { out += "<ul>" + items.map { "<li>\(inline($0))</li>" }.joined() + "</ul>\n"; items = [] }
        }
        for raw in text.components(separatedBy: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty {
                flush()
            } else if line.hasPrefix("* ") {
                if !paragraph.isEmpty { flush() }
                items.append(String(line.dropFirst(2)))
            } else if !items.isEmpty, raw.hasPrefix("  ") {
                items[items.count - 1] += " " + line
            } else {
                if !items.isEmpty { flush() }
                paragraph.append(line)
            }
        }
        flush()
        return out
    }
}

extension Node {
    /// The entries of a mapping in the document's order.
    var entries: [(key: String, value: Node)] {
        mapping.map { $0.map { (key: $0.key.string ?? "", value: $0.value) } } ?? []
    }
    var items: [Node] { sequence.map(Array.init) ?? [] }
    func text(_ key: String) -> String? { self[key]?.string }
}
