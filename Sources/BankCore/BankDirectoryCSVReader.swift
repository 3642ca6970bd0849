/// Splits CSV text into records of fields (RFC 4180), remembering the line each record
/// starts on so that errors can point at it.
///
/// Works on Unicode scalars, not Characters: Swift makes "\r\n" one Character, and a
/// combining mark after a quote would merge with it.
enum BankDirectoryCSVReader {
    struct Record: Equatable {
        var line: Int
        var fields: [String]
    }

    static func records(_ text: String) throws(BankDirectoryCSVError) -> [Record] {
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }  // UTF-8 BOM from Excel

        var records: [Record] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var quoted = false        // the current field began with a quote
        var inQuotes = false      // between the opening and the closing quote
        var line = 1
        var recordLine = 1
        var index = 0

        func endField() {
            let value = String(field)
            // Spaces around an unquoted value are padding; inside quotes they are data.
            fields.append(quoted ? value : value.trimmingSpaces)
            field = String.UnicodeScalarView()
            quoted = false
        }
        func endRecord() {
            endField()
            // A blank line is one empty unquoted field: skip it.
            if !(fields.count == 1 && fields[0].isEmpty) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields = []
        }

        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            if inQuotes {
                if scalar == "\"" {
                    if index < scalars.count && scalars[index] == "\"" {
                        field.append("\"")
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if scalar == "\n" || (scalar == "\r" && (index == scalars.count || scalars[index] != "\n")) { line += 1 }
                    field.append(scalar)
                }
                continue
            }
            switch scalar {
            case ",":
                endField()
            case "\r", "\n":
                if scalar == "\r" && index < scalars.count && scalars[index] == "\n" { index += 1 }
                endRecord()
                line += 1
                recordLine = line
            case "\"":
                // Only at the very start of a field (spaces before it allowed).
                guard !quoted, String(field).trimmingSpaces.isEmpty else {
                    throw BankDirectoryCSVError(line: line, problem: .misplacedQuote)
                }
                field = String.UnicodeScalarView()
                quoted = true
                inQuotes = true
            default:
                // Nothing but spaces may follow a closing quote.
                if quoted && scalar != " " && scalar != "\t" {
                    throw BankDirectoryCSVError(line: line, problem: .misplacedQuote)
                }
                if !quoted { field.append(scalar) }
            }
        }
        if inQuotes { throw BankDirectoryCSVError(line: recordLine, problem: .unterminatedQuote) }
        if !field.isEmpty || !fields.isEmpty || quoted { endRecord() }
        return records
    }
}

extension String {
    /// Without leading and trailing spaces and tabs (no Foundation needed).
    fileprivate var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }),
              let end = scalars.lastIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        return String(scalars[start...end])
    }
}
