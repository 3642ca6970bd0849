import BankCore
import Foundation
import Testing

@Suite struct TOTPTests {
    static let sha1Secret = Array("12345678901234567890".utf8)
    static let sha256Secret = Array("12345678901234567890123456789012".utf8)
    static let sha512Secret = Array("1234567890123456789012345678901234567890123456789012345678901234".utf8)

    /// RFC 6238 Appendix B: 8 digits, 30-second step.
    static let rfc6238: [(time: TimeInterval, sha1: String, sha256: String, sha512: String)] = [
        (59, "94287082", "46119246", "90693936"),
        (1_111_111_109, "07081804", "68084774", "25091201"),
        (1_111_111_111, "14050471", "67062674", "99943326"),
        (1_234_567_890, "89005924", "91819424", "93441116"),
        (2_000_000_000, "69279037", "90698825", "38618901"),
        (20_000_000_000, "65353130", "77737706", "47863826"),
    ]

    @Test func rfc6238Vectors() {
        for vector in Self.rfc6238 {
            let date = Date(timeIntervalSince1970: vector.time)
            func code(_ secret: [UInt8], _ algorithm: TOTP.Algorithm) -> String {
                TOTP.code(secret: secret, at: date, parameters: TOTPParameters(digits: 8, step: 30, algorithm: algorithm))
            }
            #expect(code(Self.sha1Secret, .sha1) == vector.sha1, "SHA1 at \(vector.time)")
            #expect(code(Self.sha256Secret, .sha256) == vector.sha256, "SHA256 at \(vector.time)")
            #expect(code(Self.sha512Secret, .sha512) == vector.sha512, "SHA512 at \(vector.time)")
        }
    }

    /// RFC 4226 Appendix D: HOTP for counters 0…9.
    @Test func rfc4226Vectors() {
        let expected = ["755224", "287082", "359152", "969429", "338314",
                        "254676", "287922", "162583", "399871", "520489"]
        for (counter, value) in expected.enumerated() {
            #expect(TOTP.hotp(secret: Self.sha1Secret, counter: UInt64(counter), digits: 6, algorithm: .sha1) == value)
        }
    }

    /// Codes computed by PyPI pyotp 2.12.1 (`pyotp.TOTP(secret, digits:, interval:, digest:).at(t)`)
    /// for random secrets (20 bytes; 16 and 70 bytes for short and longer-than-a-block keys)
    /// and times from the epoch to 2096. Line: algorithm digits step base32-secret time:code…
    static let pyotpVectors = """
        SHA1 6 60 BS5XT6IQOJD55RE6NTLODSWQPDBRWUKL 0:199686 59:199686 60:213234 1700000000:518891 2836856353:373647 529125977:821960 863687490:496075 1507702068:391748
        SHA1 6 60 ZBGW2SXKWZ645EVRQEPHWZUSBPWQBKD7 0:305320 59:305320 60:409157 1700000000:648079 236472391:389900 2106522289:160858 1342634174:629280 3588993388:693899
        SHA1 6 60 TFREK5A6HLEWCATADWAQCCWULIGO47HQ 0:941612 59:941612 60:842807 1700000000:085706 1743948614:326568 2863037132:204861 2975595522:942991 2283312930:834042
        SHA1 6 60 U5CDOHR6LFO4CFGIYGCR33KYW66MKXB3 0:092717 59:092717 60:251426 1700000000:646961 3125230853:845526 2226983765:442822 1981077785:826907 1693912410:007053
        SHA1 6 60 YGR6X7KX6YM7KBRYEKQ5TVYMWU 0:161981 59:161981 60:657034 1700000000:323295 951589701:016555 3487348753:950471 3667523706:945028 620824938:548155
        SHA1 6 60 GD76VD454ZHQODDKI2B3HERCXKNR2JFYNMMZ2ANJ7UHMIYXMRDP464UMKVX7XTVXQPMNI6PGIWVWXOS5H6DFBOTNVUIN7HTJ3B5KMS2KR262YTWL 0:901611 59:901611 60:260331 1700000000:717134 2940192364:770869 997150909:602023 3675600755:283430 3298796705:954385
        SHA256 8 30 XVZWXKDXEOJITQCOUJ5PEBHRCDFD2N6IVCDGOXRRMBXKIIIYNB7A 0:28778355 59:14105704 60:76904570 1700000000:14925619 3187918028:25966115 2609038357:89349450 2569541722:11832797 3345403652:53322655
        SHA512 7 45 T63SV55XW6B7EJ7PFA7IYBPJR6ALG6FU77E5QSIE324LADSHWEFTBOLJ7ASVB74C3WL7AGIXINJBQB6DK6KWBALUWWQP7E6LZYFPSEA 0:2616791 59:8651606 60:8651606 1700000000:1506402 2023754490:3374381 1861154923:9271771 1459579324:2480853 2946587333:0334776
        """

    @Test func matchesPyotp() throws {
        var checked = 0
        for line in Self.pyotpVectors.split(separator: "\n") {
            let fields = line.split(separator: " ")
            let algorithm = try #require(TOTP.Algorithm(rawValue: String(fields[0])))
            let parameters = TOTPParameters(digits: Int(fields[1])!, step: Int(fields[2])!, algorithm: algorithm)
            let secret = try #require(Base32.decode(String(fields[3])))
            for pair in fields.dropFirst(4) {
                let parts = pair.split(separator: ":")
                let date = Date(timeIntervalSince1970: TimeInterval(Int(parts[0])!))
                #expect(TOTP.code(secret: secret, at: date, parameters: parameters) == parts[1], "\(line.prefix(40)) \(pair)")
                checked += 1
            }
        }
        #expect(checked == 64)
    }

    @Test func bankDefaultsAndSteps() {
        let parameters = TOTPParameters()
        #expect(parameters.digits == 6 && parameters.step == 60 && parameters.algorithm == .sha1)
        #expect(TOTP.step(at: Date(timeIntervalSince1970: 0), step: 60) == 0)
        #expect(TOTP.step(at: Date(timeIntervalSince1970: 59.999), step: 60) == 0)
        #expect(TOTP.step(at: Date(timeIntervalSince1970: 60), step: 60) == 1)
        #expect(TOTP.step(at: Date(timeIntervalSince1970: 1_234_567_890), step: 60) == 20_576_131)
        // A code is 6 zero-padded digits and stays the same for the whole step.
        let start = Date(timeIntervalSince1970: 60 * 20_576_131)
        let code = TOTP.code(secret: Self.sha1Secret, at: start)
        #expect(code.count == 6 && code.allSatisfy(\.isASCII) && code.allSatisfy(\.isNumber))
        #expect(TOTP.code(secret: Self.sha1Secret, at: start.addingTimeInterval(59)) == code)
        #expect(TOTP.code(secret: Self.sha1Secret, at: start.addingTimeInterval(60)) != code)
    }

    // Step 20_576_131 covers 1_234_567_860 ..< 1_234_567_920.
    static let now = Date(timeIntervalSince1970: 1_234_567_890)
    static let nowStep: Int64 = 20_576_131
    static func code(step: Int64) -> String { TOTP.hotp(secret: sha1Secret, counter: UInt64(step)) }

    @Test func windowAcceptsOneStepOfDriftNotTwo() {
        for offset: Int64 in [-1, 0, 1] {
            #expect(TOTP.verify(code: Self.code(step: Self.nowStep + offset), secret: Self.sha1Secret,
                                at: Self.now, lastAcceptedStep: nil) == Self.nowStep + offset)
        }
        for offset: Int64 in [-2, 2, -3, 3] {
            #expect(TOTP.verify(code: Self.code(step: Self.nowStep + offset), secret: Self.sha1Secret,
                                at: Self.now, lastAcceptedStep: nil) == nil)
        }
        // A wider window is the caller's choice.
        #expect(TOTP.verify(code: Self.code(step: Self.nowStep - 2), secret: Self.sha1Secret,
                            at: Self.now, lastAcceptedStep: nil, window: 2) == Self.nowStep - 2)
        #expect(TOTP.verify(code: Self.code(step: Self.nowStep - 1), secret: Self.sha1Secret,
                            at: Self.now, lastAcceptedStep: nil, window: 0) == nil)
    }

    @Test func replayAndOlderCodesRefused() {
        let current = Self.code(step: Self.nowStep)
        let accepted = TOTP.verify(code: current, secret: Self.sha1Secret, at: Self.now, lastAcceptedStep: nil)
        #expect(accepted == Self.nowStep)
        // The same code again, even a few seconds later in the same or the next step.
        #expect(TOTP.verify(code: current, secret: Self.sha1Secret, at: Self.now, lastAcceptedStep: accepted) == nil)
        #expect(TOTP.verify(code: current, secret: Self.sha1Secret, at: Self.now.addingTimeInterval(60),
                            lastAcceptedStep: accepted) == nil)
        // After the next step's code was used, the (still in-window) older one is refused.
        let newer = TOTP.verify(code: Self.code(step: Self.nowStep + 1), secret: Self.sha1Secret,
                                at: Self.now, lastAcceptedStep: nil)
        #expect(newer == Self.nowStep + 1)
        #expect(TOTP.verify(code: current, secret: Self.sha1Secret, at: Self.now, lastAcceptedStep: newer) == nil)
        // The next step's code is still fine after the current one.
        #expect(TOTP.verify(code: Self.code(step: Self.nowStep + 1), secret: Self.sha1Secret,
                            at: Self.now.addingTimeInterval(60), lastAcceptedStep: accepted) == Self.nowStep + 1)
    }

    @Test func inputNormalisation() {
        let code = Self.code(step: Self.nowStep)
        let fullwidth = String(code.unicodeScalars.map { Character(Unicode.Scalar($0.value + 0xFEE0)!) })
        let spaced = "  " + code.prefix(3) + " " + code.suffix(3) + "\u{3000}"
        for typed in [code, fullwidth, spaced, "\t\(code) "] {
            #expect(TOTP.verify(code: typed, secret: Self.sha1Secret, at: Self.now, lastAcceptedStep: nil) == Self.nowStep,
                    "\(typed)")
        }
        for typed in ["", String(code.dropLast()), code + "0", "12a456", "12-456", "１２３４５６７", "١٢٣٤٥٦", "12345６x"] {
            #expect(TOTP.verify(code: typed, secret: Self.sha1Secret, at: Self.now, lastAcceptedStep: nil) == nil,
                    "\(typed)")
        }
    }

    @Test func secretsAreRandom160Bits() {
        let first = TOTP.generateSecret(random: SystemRandomSource())
        #expect(first.count == 20)
        #expect(first != TOTP.generateSecret(random: SystemRandomSource()))
    }

    @Test func provisioningURI() {
        let uri = TOTP.provisioningURI(secret: Self.sha1Secret, issuer: "Kyoei Bank", account: "u123@example")
        #expect(uri == "otpauth://totp/Kyoei%20Bank:u123%40example?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
            + "&issuer=Kyoei%20Bank&algorithm=SHA1&digits=6&period=60")
        let japanese = TOTP.provisioningURI(secret: [0xFF], issuer: "共栄銀行", account: "a:b&c")
        #expect(japanese == "otpauth://totp/%E5%85%B1%E6%A0%84%E9%8A%80%E8%A1%8C:a%3Ab%26c?secret=74"
            + "&issuer=%E5%85%B1%E6%A0%84%E9%8A%80%E8%A1%8C&algorithm=SHA1&digits=6&period=60")
        #expect(URL(string: japanese) != nil)
    }
}
