import BankCore
import Foundation
import Testing
@testable import TokenKit

@Suite("TokenDisplay")
struct TokenDisplayTests {
    /// RFC 4226 appendix D's secret, whose HOTP values are published.
    static let rfcToken = ProvisionedToken(serviceID: "KYOEI-IB", userID: "4821937705", issuer: "協栄信用組合",
                                           secret: Array("12345678901234567890".utf8), parameters: .bank)

    @Test("the code is RFC 4226's HOTP of the 60-second step", arguments: [
        (0.0, "755224"), (59.999, "755224"), (60.0, "287082"), (125.0, "359152"), (180.0, "969429"), (299.0, "338314"),
    ])
    func codeMatchesRFC(seconds: Double, expected: String) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(TokenDisplay.code(for: Self.rfcToken, at: date) == expected)
        #expect(TokenDisplay.code(for: Self.rfcToken, at: date) == TOTP.code(secret: Self.rfcToken.secret, at: date))
    }

    @Test("RFC 6238 SHA-1 vector with 8 digits and a 30-second step")
    func rfc6238() {
        let token = ProvisionedToken(serviceID: "S", userID: "0000000000", issuer: "I", secret: Self.rfcToken.secret,
                                     parameters: TOTPParameters(digits: 8, step: 30, algorithm: .sha1))
        #expect(TokenDisplay.code(for: token, at: Date(timeIntervalSince1970: 59)) == "94287082")
        #expect(TokenDisplay.code(for: token, at: Date(timeIntervalSince1970: 1_111_111_109)) == "07081804")
        #expect(TokenDisplay.code(for: token, at: Date(timeIntervalSince1970: 2_000_000_000)) == "69279037")
    }

    @Test("seconds left at the edges of a step", arguments: [
        (0.0, 60), (0.5, 60), (1.0, 59), (23.0, 37), (59.0, 1), (59.999, 1), (60.0, 60), (1_795_568_459.0, 1),
    ])
    func secondsLeft(seconds: Double, expected: Int) {
        #expect(TokenDisplay.secondsLeft(at: Date(timeIntervalSince1970: seconds), step: 60) == expected)
    }

    @Test("the countdown bar")
    func bar() {
        #expect(TokenDisplay.countdownBar(secondsLeft: 37, step: 60) == "[██████████░░░░░] 37秒")
        #expect(TokenDisplay.countdownBar(secondsLeft: 60, step: 60) == "[███████████████] 60秒")
        #expect(TokenDisplay.countdownBar(secondsLeft: 1, step: 60) == "[█░░░░░░░░░░░░░░] 1秒")
        #expect(TokenDisplay.countdownBar(secondsLeft: 0, step: 60) == "[░░░░░░░░░░░░░░░] 0秒")
        #expect(TokenDisplay.countdownBar(secondsLeft: 15, step: 30, width: 10) == "[█████░░░░░] 15秒")
        // Out of range is clamped rather than drawing a broken bar.
        #expect(TokenDisplay.countdownBar(secondsLeft: 99, step: 60) == "[███████████████] 60秒")
    }

    @Test("grouping, masking and big digits")
    func formatting() {
        #expect(TokenDisplay.grouped("123456") == "123 456")
        #expect(TokenDisplay.grouped("1234567") == "123 4567")
        #expect(TokenDisplay.maskedUserID("4821937705") == "******7705")
        let big = TokenDisplay.bigText("10")
        #expect(big.count == 5)
        #expect(big[0] == "  ██   ██████")
        #expect(big[4] == "██████ ██████")
        #expect(TokenDisplay.bigText("123 456").allSatisfy { $0.count <= 44 })
    }

    @Test("printing a token never shows its secret")
    func redaction() {
        let token = ProvisionedToken(serviceID: "KYOEI-IB", userID: "4821937705", issuer: "協栄信用組合",
                                     secret: Base32.decode(StubBank.secretBase32)!, parameters: .bank)
        var dumped = ""
        dump(token, to: &dumped)
        for text in [String(describing: token), String(reflecting: token), dumped, "\(StoredToken(token: token, server: "x", provisionedAt: Date()))"] {
            #expect(text.contains("<redacted>"))
            #expect(!text.contains("72, 101"))  // "He" of the secret's bytes
            #expect(!text.contains(StubBank.secretBase32))
        }
        let request = try? ProvisioningRequest(serviceID: "KYOEI-IB", userID: "4821937705", activationPassword: "24681357")
        #expect(request.map { String(describing: $0).contains("24681357") } == false)
    }
}
