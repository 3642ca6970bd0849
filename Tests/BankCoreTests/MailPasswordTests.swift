import BankCore
import Crypto
import Foundation
import Testing

@Suite struct MailPasswordTests {
    /// Every byte value in turn, 0, 1, … 255, 0, …: each one reaches the generator once per cycle.
    final class CyclingRandom: RandomSource, @unchecked Sendable {
        private let lock = NSLock()
        private var next: UInt8 = 0
        func bytes(_ count: Int) -> [UInt8] {
            lock.withLock { (0..<count).map { _ in defer { next &+= 1 }; return next } }
        }
    }

    /// Hands out the given bytes, then zeros.
    final class ScriptedRandom: RandomSource, @unchecked Sendable {
        private let lock = NSLock()
        private var queue: [UInt8]
        init(_ bytes: [UInt8]) { queue = bytes }
        func bytes(_ count: Int) -> [UInt8] {
            lock.withLock { (0..<count).map { _ in queue.isEmpty ? 0 : queue.removeFirst() } }
        }
    }

    static let lookAlikes = Array("0Oo1lIij5S2Zzuv")

    @Test func theAlphabetHasNoLookAlikes() {
        let alphabet = MailPassword.alphabet
        #expect(alphabet.count == 29)
        #expect(Set(alphabet).count == alphabet.count)
        for character in Self.lookAlikes + Array("DQJUVymckpwxs") {
            #expect(!alphabet.contains(character), "\(character)")
        }
        // Of each group that can be misread as one another, at most one member.
        for group in ["0OoDQ", "1lIijJ", "2Zz", "5Ss", "6bG", "8B", "9gq", "uUvVyY", "cC", "kK", "pP", "wW", "xX"] {
            #expect(group.filter(alphabet.contains).count <= 1, "\(group)")
        }
        #expect(alphabet.contains(where: \.isUppercase) && alphabet.contains(where: \.isLowercase) && alphabet.contains(where: \.isNumber))
        #expect(alphabet.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
    }

    @Test func generatedPasswordsUseOnlyTheAlphabetAndAllOfIt() {
        let random = CyclingRandom()
        var seen: [Character: Int] = [:]
        // 232 accepted bytes per 256: 29 × 8 = 232 characters per cycle, 8 of each symbol.
        for _ in 0..<(232 * 10 / MailPassword.length) {
            let password = MailPassword.generate(random: random)
            #expect(password.count == 10)
            for character in password { seen[character, default: 0] += 1 }
        }
        #expect(Set(seen.keys) == Set(MailPassword.alphabet))
        #expect(seen.values.allSatisfy { $0 == 80 }, "\(seen)")
    }

    @Test func biasedBytesAreRejectedNotFolded() {
        // 232…255 would map onto the first 24 symbols again; they must be skipped.
        let password = MailPassword.generate(random: ScriptedRandom([232, 255, 240, 28, 0, 1, 2, 3, 4, 5, 6, 7, 8]))
        #expect(password == "t346789ACE")
        #expect(MailPassword.generate(random: ScriptedRandom([231] + Array(repeating: 0, count: 9))) == "t333333333")
    }

    @Test func systemRandomIsRoughlyUniform() {
        var counts: [Character: Int] = [:]
        let random = SystemRandomSource()
        for _ in 0..<2_000 {
            for character in MailPassword.generate(random: random) { counts[character, default: 0] += 1 }
        }
        // 20,000 draws, about 690 each (σ ≈ 26): ±200 fails only on a broken generator.
        #expect(counts.count == 29)
        #expect(counts.values.allSatisfy { (490...890).contains($0) }, "\(counts)")
        #expect(MailPassword.generate(random: random) != MailPassword.generate(random: random))
    }

    @Test func lengthIsTenByDefaultAndNeverBelowEight() {
        #expect(MailPassword.length == 10 && MailPassword.minimumLength == 8)
        #expect(MailPassword.generate(random: SystemRandomSource(), length: 8).count == 8)
        #expect(MailPassword.generate(random: SystemRandomSource(), length: 12).count == 12)
    }

    @Test func typedPasswordsAreNormalised() throws {
        #expect(MailPassword.normalize("  ＡＣｅｆ３４７８ｈｎ　\n") == "ACef3478hn")
        #expect(try MailPassword.validate(" ｒｔ３４６７８９ＡＣ ") == "rt346789AC")
        #expect(throws: MailPasswordInputError.empty) { try MailPassword.validate("　 ") }
        #expect(try MailPassword.validate("ACEF3478") == "ACEF3478")
        #expect(throws: MailPasswordInputError.malformed) { try MailPassword.validate("ACEF347") }
        #expect(throws: MailPasswordInputError.malformed) { try MailPassword.validate("ACEF3478H0") }
        #expect(throws: MailPasswordInputError.malformed) { try MailPassword.validate("ACEF 3478HN") }
        #expect(throws: MailPasswordInputError.malformed) { try MailPassword.validate(String(repeating: "A", count: 33)) }
        #expect(MailPasswordInputError.empty.messageKey == "error.mail_password.required")
        #expect(MailPasswordInputError.malformed.messageKey == "error.mail_password.format")
    }

    @Test func theHashInputNamesCustomerAndPayee() {
        #expect(MailPassword.hashInput(customerID: 42, payeeKey: "0998-201-1-1234567", password: "ＡＣef3478hn ")
                == "mail-password:42:0998-201-1-1234567:ACef3478hn")
    }

    @Test func aHashVerifiesOnlyForItsCustomerAndPayee() throws {
        let ring = try SecretKeyRing.parse("k1:" + Data(repeating: 7, count: 32).base64EncodedString())
        let keyed = KeyedHash(ring: ring)
        let payee = "0998-201-1-1234567"
        let stored = MailPassword.hash("ACef3478hn", customerID: 42, payeeKey: payee, using: keyed)
        #expect(!stored.contains("ACef3478hn"))
        #expect(MailPassword.verify("ACef3478hn", customerID: 42, payeeKey: payee, against: stored, using: keyed))
        #expect(MailPassword.verify(" ＡＣｅｆ３４７８ｈｎ", customerID: 42, payeeKey: payee, against: stored, using: keyed))
        #expect(!MailPassword.verify("acef3478hn", customerID: 42, payeeKey: payee, against: stored, using: keyed))
        #expect(!MailPassword.verify("ACef3478hn", customerID: 43, payeeKey: payee, against: stored, using: keyed))
        #expect(!MailPassword.verify("ACef3478hn", customerID: 42, payeeKey: "0998-201-1-1234568", against: stored, using: keyed))
        #expect(!MailPassword.verify("", customerID: 42, payeeKey: payee, against: stored, using: keyed))
        // Not interchangeable with a bare keyed hash of the password.
        #expect(!keyed.verify("ACef3478hn", against: stored))
    }

    @Test func refusalsHaveTheirMessages() {
        #expect(MailPasswordRefusal.notIssued.messageKey == "error.mail_password.not_issued")
        #expect(MailPasswordRefusal.incorrect.messageKey == "error.mail_password.incorrect")
        #expect(MailPasswordRefusal.locked.messageKey == "error.mail_password.locked")
    }
}
