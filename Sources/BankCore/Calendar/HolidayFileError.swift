/// What is wrong with a holiday file, named by field and line so the operator can fix the file.
/// Nothing of a refused file is imported.
public struct HolidayFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Problem: Sendable, Equatable {
        /// Neither UTF-8 nor Shift_JIS.
        case encoding
        case header
        case noEntries
        case fieldCount(Int)
        case date(String)
        case name
        case duplicate(String)
        /// A year without its 元日 (1/1): the file is cut short or not the Cabinet Office's list.
        case incompleteYear(Int)
    }

    /// 1-based; 0 for the file as a whole.
    public let line: Int
    /// `file`, `header`, `line`, `date` or `name`.
    public let field: String
    public let problem: Problem

    public init(line: Int, field: String, problem: Problem) {
        self.line = line
        self.field = field
        self.problem = problem
    }

    public var messageKey: String {
        let name = switch problem {
        case .encoding: "encoding"
        case .header: "header"
        case .noEntries: "no_entries"
        case .fieldCount: "field_count"
        case .date: "date"
        case .name: "name"
        case .duplicate: "duplicate"
        case .incompleteYear: "incomplete_year"
        }
        return "error.holidays.\(name)"
    }

    /// `{0}` the line number, `{1}` the value or year the message names.
    public var messageArguments: [String] {
        switch problem {
        case .date(let value), .duplicate(let value): [String(line), value]
        case .incompleteYear(let year): [String(line), String(year)]
        case .fieldCount(let count): [String(line), String(count)]
        default: [String(line), ""]
        }
    }

    public var description: String {
        let what = switch problem {
        case .encoding: "the file is neither UTF-8 nor Shift_JIS"
        case .header: "the first line must be the header " + HolidayFile.header.joined(separator: ",")
        case .noEntries: "no holidays in the file"
        case .fieldCount(let count): "\(count) fields, expected 2 (date,name)"
        case .date(let value): "date \"\(value)\" is not a date like 2026/5/6"
        case .name: "the holiday's name is empty or longer than 40 characters"
        case .duplicate(let day): "\(day) is listed twice"
        case .incompleteYear(let year): "\(year) has no 1/1 元日: the file does not cover the whole year"
        }
        return line > 0 ? "line \(line): \(field): \(what)" : "\(field): \(what)"
    }
}
