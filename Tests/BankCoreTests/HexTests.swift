import BankCore
import Foundation
import Testing

@Suite struct HexTests {
    /// Every byte value, against Foundation's formatting, and the empty input.
    @Test func encodesEveryByteInLowerCase() {
        let all = (0...255).map { UInt8($0) }
        #expect(Hex.encode(all) == all.map { String(format: "%02x", $0) }.joined())
        #expect(Hex.encode([UInt8]()) == "")
        #expect(Hex.encode([0xde, 0xad, 0xbe, 0xef]) == "deadbeef")
    }
}
