import BankCore
import Testing

@Suite struct CredentialPolicyTests {
    @Test func loginIDs() throws {
        #expect(try CredentialPolicy.validateLoginID("Tanaka01") == "tanaka01")
        #expect(try CredentialPolicy.validateLoginID("ｔａｎａｋａ０１") == "tanaka01")
        #expect(throws: CredentialPolicyError.loginIDEmpty) { try CredentialPolicy.validateLoginID(" ") }
        #expect(throws: CredentialPolicyError.loginIDLength) { try CredentialPolicy.validateLoginID("ab12") }
        #expect(throws: CredentialPolicyError.loginIDLength) { try CredentialPolicy.validateLoginID(String(repeating: "a", count: 21)) }
        #expect(throws: CredentialPolicyError.loginIDCharacters) { try CredentialPolicy.validateLoginID("tanaka-01") }
        #expect(throws: CredentialPolicyError.loginIDCharacters) { try CredentialPolicy.validateLoginID("たなか01234") }
        #expect(throws: CredentialPolicyError.loginIDNeedsLetter) { try CredentialPolicy.validateLoginID("12345678") }
    }

    @Test func passwords() throws {
        try CredentialPolicy.validatePassword("Sakura2026", loginID: "demo01")
        try CredentialPolicy.validatePassword("a1!#$%&()", loginID: "demo01")
        #expect(throws: CredentialPolicyError.passwordEmpty) { try CredentialPolicy.validatePassword("", loginID: "x") }
        #expect(throws: CredentialPolicyError.passwordLength) { try CredentialPolicy.validatePassword("abc123", loginID: "x") }
        #expect(throws: CredentialPolicyError.passwordLength) { try CredentialPolicy.validatePassword(String(repeating: "a1", count: 17), loginID: "x") }
        #expect(throws: CredentialPolicyError.passwordNeedsLetterAndDigit) { try CredentialPolicy.validatePassword("abcdefgh", loginID: "x") }
        #expect(throws: CredentialPolicyError.passwordNeedsLetterAndDigit) { try CredentialPolicy.validatePassword("12345678", loginID: "x") }
        #expect(throws: CredentialPolicyError.passwordCharacters) { try CredentialPolicy.validatePassword("pass word1", loginID: "x") }
        #expect(throws: CredentialPolicyError.passwordCharacters) { try CredentialPolicy.validatePassword("パスワード12345", loginID: "x") }
        #expect(throws: CredentialPolicyError.passwordContainsLoginID) { try CredentialPolicy.validatePassword("xTanaka01x9", loginID: "tanaka01") }
        #expect(throws: CredentialPolicyError.passwordsMustDiffer) {
            try CredentialPolicy.validatePair(loginPassword: "Same1234", confirmationPassword: "Same1234", loginID: "demo01")
        }
    }

    @Test func generatedPasswordsFollowThePolicy() throws {
        let random = SystemRandomSource()
        for _ in 0..<200 {
            let password = CredentialPolicy.generatePassword(random: random)
            #expect(password.count == 12)
            try CredentialPolicy.validatePassword(password, loginID: "someone1")
            #expect(!password.contains(where: { "0O1lI".contains($0) }))
        }
    }
}
