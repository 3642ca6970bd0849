import BankCore
import Foundation

/// A reader of 総合振込 files written for these tests alone (the bank only writes them): cuts
/// each 120-byte record at the 全銀協 layout's field widths, so a round trip checks the
/// writer against an independent reading of the same layout.
struct ZenginTestParser {
    struct Parsed: Equatable {
        var header: [String: String] = [:]
        var data: [[String: String]] = []
        var trailer: [String: String] = [:]
        var endSeen = false
    }

    static let headerFields: [(String, Int)] = [
        ("data_kind", 1), ("kind_code", 2), ("code_kind", 1), ("requester_code", 10), ("requester_name", 40),
        ("transfer_date", 4), ("bank_code", 4), ("bank_name", 15), ("branch_code", 3), ("branch_name", 15),
        ("account_type", 1), ("account_number", 7), ("dummy", 17),
    ]
    static let dataFields: [(String, Int)] = [
        ("data_kind", 1), ("bank_code", 4), ("bank_name", 15), ("branch_code", 3), ("branch_name", 15), ("clearing_house", 4),
        ("account_type", 1), ("account_number", 7), ("payee_name", 30), ("amount", 10), ("new_code", 1),
        ("customer_code1", 10), ("customer_code2", 10), ("transfer_kind", 1), ("edi_mark", 1), ("dummy", 7),
    ]
    static let trailerFields: [(String, Int)] = [("data_kind", 1), ("total_count", 6), ("total_amount", 12), ("dummy", 101)]

    struct Malformed: Error { let why: String }

    static func parse(_ bytes: [UInt8]) throws -> Parsed {
        let crlf = bytes.count % 122 == 0 && bytes.count >= 244 && bytes[120] == 0x0D && bytes[121] == 0x0A
        let stride = crlf ? 122 : 120
        guard bytes.count % stride == 0 else { throw Malformed(why: "length \(bytes.count)") }
        var parsed = Parsed()
        for start in Swift.stride(from: 0, to: bytes.count, by: stride) {
            let record = Array(bytes[start..<start + 120])
            if crlf { guard bytes[start + 120] == 0x0D, bytes[start + 121] == 0x0A else { throw Malformed(why: "CR LF") } }
            switch record[0] {
            case 0x31: parsed.header = try fields(record, headerFields)
            case 0x32: parsed.data.append(try fields(record, dataFields))
            case 0x38: parsed.trailer = try fields(record, trailerFields)
            case 0x39:
                guard record.dropFirst().allSatisfy({ $0 == 0x20 }) else { throw Malformed(why: "end record") }
                parsed.endSeen = true
            default: throw Malformed(why: "data kind \(record[0])")
            }
        }
        return parsed
    }

    /// Each field decoded from JIS X 0201 (kana back to U+FF61…), trailing spaces kept off.
    static func fields(_ record: [UInt8], _ layout: [(String, Int)]) throws -> [String: String] {
        var result: [String: String] = [:]
        var offset = 0
        for (name, width) in layout {
            let slice = record[offset..<offset + width]
            offset += width
            var text = ""
            for byte in slice {
                switch byte {
                case 0x20...0x7E: text.unicodeScalars.append(Unicode.Scalar(byte))
                case 0xA1...0xDF: text.unicodeScalars.append(Unicode.Scalar(0xFF61 + UInt32(byte) - 0xA1)!)
                default: throw Malformed(why: "byte \(byte) in \(name)")
                }
            }
            while text.hasSuffix(" ") { text.removeLast() }
            result[name] = text
        }
        guard offset == 120 else { throw Malformed(why: "layout is \(offset) bytes") }
        return result
    }
}
