import BankCore
import Foundation
import Testing

@Suite struct StaffPolicyTests {
    @Test func staffIDsAreLikeLoginIDs() throws {
        #expect(try StaffPolicy.validateStaffID(" ＹＡＭＡＤＡ01 ") == "yamada01")
        #expect(throws: StaffPolicyError.staffIDEmpty) { _ = try StaffPolicy.validateStaffID("  ") }
        #expect(throws: StaffPolicyError.staffIDCharacters) { _ = try StaffPolicy.validateStaffID("yama-da") }
        #expect(throws: StaffPolicyError.staffIDLength) { _ = try StaffPolicy.validateStaffID("yama1") }
        #expect(throws: StaffPolicyError.staffIDNeedsLetter) { _ = try StaffPolicy.validateStaffID("12345678") }
    }

    @Test func passwordsAreLongerThanCustomers() throws {
        try StaffPolicy.validatePassword("Kanri2026pass", staffID: "yamada01")
        #expect(throws: StaffPolicyError.passwordLength) { try StaffPolicy.validatePassword("Kanri2026pa", staffID: "yamada01") }
        #expect(throws: StaffPolicyError.passwordLength) {
            try StaffPolicy.validatePassword(String(repeating: "a1", count: 33), staffID: "yamada01")
        }
        #expect(throws: StaffPolicyError.passwordEmpty) { try StaffPolicy.validatePassword("", staffID: "yamada01") }
        #expect(throws: StaffPolicyError.passwordCharacters) { try StaffPolicy.validatePassword("Kanri 2026 pass", staffID: "yamada01") }
        #expect(throws: StaffPolicyError.passwordNeedsLetterAndDigit) { try StaffPolicy.validatePassword("kanripassword", staffID: "yamada01") }
        #expect(throws: StaffPolicyError.passwordContainsStaffID) { try StaffPolicy.validatePassword("xYamada01x2026", staffID: "yamada01") }
        #expect(throws: StaffPolicyError.nameInvalid) { _ = try StaffPolicy.validateName("山田\n一郎") }
        #expect(try StaffPolicy.validateName(" 山田 一郎 ") == "山田 一郎")
        let generated = StaffPolicy.generatePassword(random: SystemRandomSource())
        #expect(generated.count == 16)
        try StaffPolicy.validatePassword(generated, staffID: "yamada01")
    }

    @Test func sessionsAndCodes() {
        let policy = StaffPolicy()
        #expect(policy.sessions == SessionPolicy(idleTimeout: 300, absoluteTimeout: 28_800))
        #expect(policy.totp == TOTPParameters(digits: 6, step: 30, algorithm: .sha1))
        #expect(policy.totpWindow == 1)
        #expect(StaffRole.allCases.map(\.rawValue) == ["operator", "supervisor", "auditor"])
        #expect(StaffRole.allCases.map(\.labelKey) == ["staff_role.operator", "staff_role.supervisor", "staff_role.auditor"])
        #expect(StaffRole.allCases.map(\.nameJa) == ["事務担当", "役席", "監査"])
    }
}

@Suite struct CompensationAssessmentTests {
    @Test func neitherFactorInForceMayBeReduced() {
        let assessment = CompensationAssessment.assess(FactorRecord(inForce: [.loginPassword, .confirmationPassword],
                                                                    presented: [.loginPassword, .confirmationPassword]))
        #expect(assessment.rule == .mayBeReduced)
        #expect(assessment.labelKey == "compensation.may_be_reduced")
        #expect(assessment.extraFactorsInForce.isEmpty && assessment.extraFactorsPresented.isEmpty)
        #expect(CompensationAssessment.assess(.none).rule == .mayBeReduced)
    }

    @Test func anExtraFactorInForceIsFullCompensationEvenIfNotAskedFor() {
        let otp = CompensationAssessment.assess(FactorRecord(inForce: [.loginPassword, .otp], presented: [.loginPassword, .otp]))
        #expect(otp == CompensationAssessment(rule: .fullCompensation, extraFactorsInForce: [.otp], extraFactorsPresented: [.otp]))
        // A 届出済み振込先 never asks for the mail password: the customer still uses it.
        let mail = CompensationAssessment.assess(FactorRecord(inForce: [.loginPassword, .confirmationPassword, .mailPassword],
                                                              presented: [.loginPassword, .confirmationPassword]))
        #expect(mail.rule == .fullCompensation && mail.extraFactorsInForce == [.mailPassword] && mail.extraFactorsPresented.isEmpty)
        #expect(mail.ruleJa == "原則、全額補償")
    }

    @Test func theStateNow() {
        #expect(CompensationAssessment.assess(state: .none).rule == .mayBeReduced)
        // Issued but not yet 利用開始: protects nothing yet.
        #expect(CompensationAssessment.assess(state: .otpPending(.provisioned)).rule == .mayBeReduced)
        #expect(CompensationAssessment.assess(state: .otpActive).rule == .fullCompensation)
        #expect(CompensationAssessment.assess(state: .mailPassword).rule == .fullCompensation)
        #expect(CompensationAssessment.noticeSentence.contains("原則、当組合が全額補償いたしますが、当機能を利用されていないときは、減額される場合があります"))
    }
}
