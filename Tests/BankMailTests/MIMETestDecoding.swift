import BankTestSupport
import Foundation

// ParsedMessage and decodeRFC2047, the independent reader of what `MailComposer` writes,
// live in BankTestSupport (TestMail.swift), shared with the other test targets.

/// All lines of `data` split at CRLF; fails on any bare CR or LF.
func crlfLines(_ data: [UInt8]) throws -> [String] {
    var lines: [String] = []
    var current: [UInt8] = []
    var index = 0
    while index < data.count {
        switch data[index] {
        case 0x0D:
            guard index + 1 < data.count, data[index + 1] == 0x0A else { throw TestSetupError(description: "bare CR at \(index)") }
            lines.append(String(decoding: current, as: UTF8.self))
            current = []
            index += 1
        case 0x0A:
            throw TestSetupError(description: "bare LF at \(index)")
        default:
            current.append(data[index])
        }
        index += 1
    }
    if !current.isEmpty { lines.append(String(decoding: current, as: UTF8.self)) }
    return lines
}
