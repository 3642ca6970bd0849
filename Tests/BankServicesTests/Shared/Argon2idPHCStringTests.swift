import CArgon2
import Foundation
import Testing
@testable import BankServices

/// The hasher writes and reads PHC strings itself (so that each hash's memory is its own
/// mapping, `Argon2Memory`): libargon2's `argon2id_hash_encoded` is the oracle for what it
/// writes, and strings libargon2 wrote must keep verifying.
@Suite struct Argon2idPHCStringTests {
    /// (m KiB, t, p, password, salt)
    static let cases: [(UInt32, UInt32, UInt32, String, [UInt8])] = [
        (1024, 1, 1, "Passw0rd!", Array(repeating: 7, count: 16)),
        (2048, 2, 1, "振込用パスワード", Array(0..<16)),
        (1024, 3, 2, "", Array(200..<216)),
        (4096, 1, 1, "a much longer password with spaces and $ and , and =", Array(repeating: 0xFF, count: 8)),
    ]

    static func libargon2(_ password: String, _ salt: [UInt8], m: UInt32, t: UInt32, p: UInt32) -> String {
        let length = argon2_encodedlen(t, m, p, UInt32(salt.count), 32, Argon2_id)
        var encoded = [CChar](repeating: 0, count: length + 1)
        let pwd = Array(password.utf8)
        let status = argon2id_hash_encoded(t, m, p, pwd, pwd.count, salt, salt.count, 32, &encoded, encoded.count)
        #expect(status == ARGON2_OK.rawValue)
        return String(cString: encoded)
    }

    @Test func writesWhatLibargon2Writes() throws {
        for (m, t, p, password, salt) in Self.cases {
            let ours = try Argon2idHasher.hashNow(password, salt: salt, memoryKiB: m, iterations: t, parallelism: p)
            #expect(ours == Self.libargon2(password, salt, m: m, t: t, p: p), "m=\(m) t=\(t) p=\(p)")
            #expect(Argon2idPHCString(ours)?.encoded == ours)
        }
    }

    @Test func verifiesLibargon2sStringsAndRefusesWrongPasswords() {
        for (m, t, p, password, salt) in Self.cases {
            let stored = Self.libargon2(password, salt, m: m, t: t, p: p)
            #expect(Argon2idHasher.verifyNow(password, against: stored), "\(stored)")
            #expect(!Argon2idHasher.verifyNow(password + "x", against: stored))
            #expect(!Argon2idHasher.verifyNow(String(password.dropLast()) + "?", against: stored))
            #expect(argon2id_verify(stored, Array(password.utf8), password.utf8.count) == ARGON2_OK.rawValue)
        }
    }

    /// Anything but the exact form is no hash: even the right password is refused against it.
    @Test func malformedStringsAreRefused() {
        let password = "Passw0rd!"
        let good = Self.libargon2(password, Array(repeating: 7, count: 16), m: 1024, t: 1, p: 1)
        #expect(Argon2idHasher.verifyNow(password, against: good))
        let fields = good.split(separator: "$", omittingEmptySubsequences: false).map(String.init)
        let (salt, hash) = (fields[4], fields[5])
        var lastHashByteFlipped = Argon2idPHCString(good)!
        lastHashByteFlipped.hash[lastHashByteFlipped.hash.count - 1] ^= 1
        let malformed = [
            "", "$", "$argon2id", good + "$", good + "x", "x" + good, good.uppercased(),
            "$argon2i$v=19$m=1024,t=1,p=1$\(salt)$\(hash)",
            "$argon2d$v=19$m=1024,t=1,p=1$\(salt)$\(hash)",
            "$argon2id$v=16$m=1024,t=1,p=1$\(salt)$\(hash)",
            "$argon2id$m=1024,t=1,p=1$\(salt)$\(hash)",
            "$argon2id$v=19$m=01024,t=1,p=1$\(salt)$\(hash)",
            "$argon2id$v=19$m=+1024,t=1,p=1$\(salt)$\(hash)",
            "$argon2id$v=19$m=1024,t=1$\(salt)$\(hash)",
            "$argon2id$v=19$t=1,m=1024,p=1$\(salt)$\(hash)",
            "$argon2id$v=19$m=1024,t=1,p=1,x=1$\(salt)$\(hash)",
            "$argon2id$v=19$m=99999999999,t=1,p=1$\(salt)$\(hash)",
            "$argon2id$v=19$m=1024,t=0,p=1$\(salt)$\(hash)",
            "$argon2id$v=19$m=1024,t=1,p=1$\(salt)=$\(hash)",
            "$argon2id$v=19$m=1024,t=1,p=1$\(salt)$\(hash)==",
            "$argon2id$v=19$m=1024,t=1,p=1$$\(hash)",
            "$argon2id$v=19$m=1024,t=1,p=1$\(salt)$",
            "$argon2id$v=19$m=1024,t=1,p=1$\(salt)$\(hash.dropLast())",
            "$argon2id$v=19$m=1024,t=1,p=1$\(salt.dropLast())B$\(hash)",  // stray bits in the last character
            "$argon2id$v=19$m=1024,t=1,p=1$\(salt)$\(hash.dropLast())!",
            "$argon2id$v=19$m=2048,t=1,p=1$\(salt)$\(hash)",  // other parameters: another hash
            lastHashByteFlipped.encoded,
        ]
        for text in malformed {
            #expect(!Argon2idHasher.verifyNow(password, against: text), "\(text)")
        }
    }

    /// Each hash maps its own block and unmaps it before returning (where the kernel gives huge
    /// pages; elsewhere libargon2 allocates, as it always did). Other suites hash at the same
    /// time, so the counts are checked as at least this test's own.
    @Test func eachHashMapsItsMemoryAndGivesItBack() async throws {
        guard Argon2Memory.hugePagesAvailable else {
            #expect(Argon2Memory.allocate == nil && Argon2Memory.deallocate == nil)
            return
        }
        let hasher = Argon2idHasher(memoryKiB: 3 * 1024, iterations: 1)
        let (mappedBefore, unmappedBefore) = (Argon2Memory.blocksMapped, Argon2Memory.blocksUnmapped)
        let stored = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for index in 0..<4 { group.addTask { (index, try await hasher.hash("password-\(index)")) } }
            return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        for (index, text) in stored {
            #expect(try await hasher.verify("password-\(index)", against: text))
            #expect(try await !hasher.verify("password-\(index + 1)", against: text))
        }
        #expect(Argon2Memory.blocksMapped - mappedBefore >= 12, "4 hashes and 8 checks, each its own block")
        #expect(Argon2Memory.blocksUnmapped - unmappedBefore >= 12)
    }

    /// A block is on a 2 MiB boundary, whole huge pages long, and mapped read-write by itself.
    @Test func aBlockIsAlignedToHugePages() throws {
        guard let allocate = Argon2Memory.allocate, let deallocate = Argon2Memory.deallocate else { return }
        var block: UnsafeMutablePointer<UInt8>?
        #expect(allocate(&block, 3 * 1024 * 1024 + 5) == ARGON2_OK.rawValue)
        let start = try #require(block)
        defer { deallocate(start, 3 * 1024 * 1024 + 5) }
        let address = UInt(bitPattern: start)
        #expect(address % UInt(Argon2Memory.hugePageSize) == 0)
        start[0] = 1
        start[4 * 1024 * 1024 - 1] = 1  // the rounded length is writable
        let maps = try String(contentsOfFile: "/proc/self/maps", encoding: .utf8)
        let covering = maps.split(separator: "\n").first { line in
            let range = line.prefix { $0 != " " }.split(separator: "-").compactMap { UInt($0, radix: 16) }
            return range.count == 2 && range[0] <= address && address < range[1]
        }
        let line = try #require(covering)
        #expect(line.contains("rw-p"), "\(line)")
    }
}
