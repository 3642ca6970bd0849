import BankCore
import Testing

/// The system source hands out its generator's eight bytes per draw: every length comes back
/// whole, and every byte of it is random (none left over from a word, none left unwritten).
@Suite struct SystemRandomSourceTests {
    let random = SystemRandomSource()

    @Test func everyLengthComesBackWhole() {
        for count in 0...41 {
            #expect(random.bytes(count).count == count, "bytes(\(count))")
        }
        #expect(random.bytes(-1).isEmpty)
    }

    @Test func everyPositionOfADrawVaries() {
        // 64 draws of a length that ends inside a word: a position the fill skipped or wrote
        // from a fixed byte would stay the same in all of them (by chance: 256^-63).
        let draws = (0..<64).map { _ in random.bytes(19) }
        for position in 0..<19 {
            #expect(Set(draws.map { $0[position] }).count > 1, "position \(position) never changed")
        }
        #expect(Set(draws).count == 64)
    }

    @Test func theBytesCoverTheirRange() {
        // 8,192 bytes from draws of every length up to 17: each of the 256 values is expected
        // 32 times, so fewer than 250 distinct values would mean a skewed fill.
        var seen = Set<UInt8>()
        var drawn = 0
        while drawn < 8_192 {
            let bytes = random.bytes(drawn % 17 + 1)
            seen.formUnion(bytes)
            drawn += bytes.count
        }
        #expect(seen.count >= 250)
    }
}
