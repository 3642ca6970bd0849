@testable import BankStore
import Foundation
import NIOCore
import SQLiteKit
import SQLiteNIO
import Testing

/// SQLite's binds and column reads take a short way for the kinds the bank uses; every value
/// must still come out exactly as SQLiteKit's encoder and decoder make it (they are the oracle).
@Suite struct SQLiteValueCodingTests {
    @Test func everyValueBindsAsSQLiteKitBindsIt() throws {
        let encoder = SQLiteDataEncoder()
        let values: [any Encodable & Sendable] = [
            Int64(5), Int64(-1), Int64.max, "text", "", "日本語", 7, 0, true, false,
            Int64?.none, String?.none, Int?.none, Bool?.none, Int64?.some(3), String?.some("x"), Int?.some(1),
            Bool?.some(true), 1.5, Int32(4), UInt8(9), Date(timeIntervalSince1970: 1_800_000_000),
            Data([1, 2, 3]), [Int64(1), 2], UUID(uuidString: "6BA7B810-9DAD-11D1-80B4-00C04FD430C8")!,
            Int64??.some(nil), Double?.none,
        ]
        for value in values {
            let expected = try encoder.encode(value)
            #expect(try SQLiteThreadDatabase.bound(value) == expected, "\(type(of: value)) \(value)")
        }
    }

    @Test func everyColumnReadsAsSQLiteKitReadsIt() {
        var blob = ByteBufferAllocator().buffer(capacity: 2)
        blob.writeBytes([0x31, 0x32])
        let samples: [SQLiteData] = [
            .integer(0), .integer(1), .integer(2), .integer(-7), .integer(Int.max), .float(1.0), .float(2.5),
            .text("12"), .text("1"), .text("x"), .text(""), .text("true"), .blob(blob), .null,
        ]
        for sample in samples {
            agree(Int64.self, sample)
            agree(Int.self, sample)
            agree(String.self, sample)
            agree(Bool.self, sample)
            agree(Int64?.self, sample)
            agree(Int?.self, sample)
            agree(String?.self, sample)
            agree(Bool?.self, sample)
            agree(Double.self, sample)
            agree(Double?.self, sample)
        }
    }

    /// Both succeed with the same value, or both fail.
    private func agree<D: Decodable & Equatable>(_ type: D.Type, _ sample: SQLiteData) {
        let expected = Result { try SQLiteDataDecoder().decode(D.self, from: sample) }
        let read = Result { try SQLiteThreadRow.decoded(sample, as: D.self) }
        switch (expected, read) {
        case (.success(let wanted), .success(let got)):
            #expect(wanted == got, "\(D.self) from \(sample)")
        case (.failure, .failure):
            break
        default:
            Issue.record("\(D.self) from \(sample): SQLiteKit \(expected), here \(read)")
        }
    }
}
