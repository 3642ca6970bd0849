import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// メールアドレス変更's refusals: field-named, nothing written; a wrong 確認用パスワード counts
/// toward its lock; with the one-time password active a code is asked (step-up) and checked
/// the way the login checks it (counted, single use).
@Suite struct MailAddressChangeRefusalTests {
    @Test(arguments: TestDatabases.engines)
    func refusalsAreFieldNamedAndWriteNothing(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let before = try await world.addressState()
            await #expect(throws: BankError.invalidInput([FieldError(field: "kind", messageKey: "error.mail_address.kind")])) {
                try await world.bank.mailAddresses.request(by: .customer(id: world.payer.id), kind: "fax", newAddress: "a@example.jp",
                                                           newAddressAgain: "a@example.jp", confirmationPassword: SeededCustomer.confirmationPassword,
                                                           code: "", session: TransferWorld.session, client: TransferWorld.client)
            }
            await #expect(throws: addressInvalid("new_address", "error.mail.invalid")) {
                try await world.requestAddressChange(to: "not-an-address")
            }
            await #expect(throws: addressInvalid("new_address", "error.mail.empty")) {
                try await world.requestAddressChange(to: "")
            }
            await #expect(throws: addressInvalid("new_address_again", "error.mail_address.mismatch")) {
                try await world.requestAddressChange(again: "hanako.neu@example.jp")
            }
            await #expect(throws: addressInvalid("new_address", "error.mail_address.same")) {
                try await world.requestAddressChange(.pc, to: "ｔａｎａｋａ01@example.jp")
            }
            await #expect(throws: addressInvalid("confirmation_password", "error.confirmation_password.required")) {
                try await world.requestAddressChange(password: "")
            }
            await #expect(throws: addressInvalid("confirmation_password", "error.confirmation_password.wrong")) {
                try await world.requestAddressChange(password: "Wrong2026pass")
            }
            #expect(try await world.addressState() == before)
            #expect(try await world.credential(world.payer, .confirmationPassword).failures == 1, "the wrong one counts")
            let rows = try await world.audit(world.payer, event: "confirmation_password")
            #expect(rows.map(\.result) == [.failure] && rows[0].detail.hasPrefix("mail_address_change"))
        }
    }

    @Test(arguments: TestDatabases.engines)
    func wrongPasswordsLockTheConfirmationPassword(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine, settings: TransferWorld.settings(lockoutLimit: 3)) { world in
            for _ in 1...2 { _ = try? await world.requestAddressChange(password: "Wrong2026pass") }
            await #expect(throws: BankError.credentialLocked(.confirmationPassword)) {
                try await world.requestAddressChange(password: "Wrong2026pass")
            }
            await #expect(throws: BankError.credentialLocked(.confirmationPassword)) {
                try await world.requestAddressChange()
            }
            let stored = try await world.confirmations()
            let lockMails = try await world.outbox(kind: "credential_locked")
            #expect(stored.isEmpty && lockMails.count == 1)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func theOneTimePasswordIsAskedWhileActive(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let secret = try await world.activateOTP()
            #expect(try await world.bank.mailAddresses.overview(by: .customer(id: world.payer.id)).needsCode)
            let session: [Credential] = [.loginPassword, .otp]
            let before = try await world.addressState()
            await #expect(throws: addressInvalid("otp_code", "error.otp.required")) {
                try await world.requestAddressChange(session: session)
            }
            await #expect(throws: addressInvalid("otp_code", "error.otp.format")) {
                try await world.requestAddressChange(code: "12ab", session: session)
            }
            // A wrong password is refused before the code is looked at: the code is not spent.
            let code = world.otpCode(secret)
            await #expect(throws: addressInvalid("confirmation_password", "error.confirmation_password.wrong")) {
                try await world.requestAddressChange(password: "Wrong2026pass", code: code, session: session)
            }
            let wrongCode = code == "000000" ? "111111" : "000000"
            await #expect(throws: addressInvalid("otp_code", "error.otp.wrong")) {
                try await world.requestAddressChange(code: wrongCode, session: session)
            }
            #expect(try await world.credential(world.payer, .otp).failures == 1, "a wrong code counts")
            #expect(try await world.addressState() == before, "nothing written on refusal")
            let refused = try #require(try await world.audit(world.payer, event: "mail_address_change_refused").first)
            #expect(refused.result == .failure && refused.detail.hasPrefix("wrong_otp"))

            // Typed with full-width digits, as a Japanese keyboard may: read as the same code.
            let fullWidth = String(code.unicodeScalars.map { Character(UnicodeScalar($0.value + 0xFEE0)!) })
            let requested = try await world.requestAddressChange(code: fullWidth, session: session)
            #expect(requested.newAddress == TransferWorld.newAddress)
            #expect(try await world.credential(world.payer, .otp).failures == 0, "a right code clears the count")
            let row = try #require(try await world.audit(world.payer, event: "mail_address_change_requested").first)
            #expect(row.factors == FactorRecord(inForce: [.loginPassword, .otp, .confirmationPassword], presented: [.loginPassword, .otp, .confirmationPassword]))
            #expect(row.detail.contains("step="))
            // The same code again (a second tab): already used, not counted, nothing asked again.
            await #expect(throws: addressInvalid("otp_code", "error.otp.already_used")) {
                try await world.requestAddressChange(to: "other@example.jp", code: code, session: session)
            }
            #expect(try await world.confirmations().count == 1)
            #expect(try await world.credential(world.payer, .otp).failures == 0)
        }
    }
}
