import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// メール通知パスワード利用変更: on to a registered address, off, each told by mail and audited;
/// never while a one-time password token is issued.
@Suite struct MailPasswordSettingTests {
    static func change(_ world: TransferWorld, use: Bool, address: String = "",
                       password: String = SeededCustomer.confirmationPassword) async throws -> MailPasswordSetting? {
        try await world.bank.mailPassword.changeSetting(by: .customer(id: world.payer.id), use: use, address: address,
                                                       confirmationPassword: password, session: TransferWorld.session,
                                                       client: TransferWorld.client)
    }

    @Test(arguments: TestDatabases.engines)
    func turningOnAndOffIsMailedAndAudited(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let pc = "tanaka01@example.jp", mobile = "tanaka01.mobile@example.jp"
            let view = try await world.bank.mailPassword.setting(by: .customer(id: world.payer.id))
            #expect(view.addresses == [pc, mobile] && view.current == nil && view.enableRefusal == nil)

            await #expect(throws: BankError.invalidInput([FieldError(field: "address", messageKey: "error.mail_password.address")]),
                          "only a registered address") { try await Self.change(world, use: true, address: "thief@example.jp") }
            await #expect(throws: BankError.wrongConfirmationPassword) {
                try await Self.change(world, use: true, address: mobile, password: "Wrong1pass")
            }
            await #expect(throws: BankError.factor(.mailPasswordOff), "nothing to turn off") {
                try await Self.change(world, use: false)
            }
            #expect(try await world.outbox(kind: "mail_password_on").isEmpty)

            let on = try #require(try await Self.change(world, use: true, address: mobile))
            #expect(on.address == mobile)
            #expect(try await world.bank.otp.factorOverview(by: .customer(id: world.payer.id)).state == .mailPassword)
            let onMail = try #require(try await world.outbox(kind: "mail_password_on").first)
            #expect(onMail.recipients == [mobile] && onMail.urgent)
            #expect(try MailText.subject(onMail).hasPrefix("【きょうえい】メール通知パスワード利用開始のお知らせ"))
            #expect(try MailText.body(onMail).contains("このアドレス（\(mobile)）"))
            let enabled = try #require(try await world.audit(world.payer, event: "mail_password_enabled").first)
            #expect(enabled.factors == FactorRecord(inForce: [.loginPassword, .confirmationPassword],
                                                    presented: [.loginPassword, .confirmationPassword]))
            #expect(try await world.credential(world.payer, .confirmationPassword).failures == 0, "a success resets the count")

            // Moving it to the PC address tells both addresses.
            _ = try await Self.change(world, use: true, address: pc)
            let moved = try await world.outbox(kind: "mail_password_on")
            #expect(moved.count == 2 && moved.first?.recipients == [pc, mobile])

            #expect(try await Self.change(world, use: false) == nil)
            let offMail = try #require(try await world.outbox(kind: "mail_password_off").first)
            #expect(offMail.recipients == [pc])
            #expect(try MailText.subject(offMail).hasPrefix("【きょうえい】メール通知パスワード利用停止のお知らせ"))
            let disabled = try #require(try await world.audit(world.payer, event: "mail_password_disabled").first)
            #expect(disabled.factors.inForce == [.loginPassword, .confirmationPassword, .mailPassword],
                    "the factors in force when it was turned off")
            #expect(try await world.bank.mailPassword.setting(by: .customer(id: world.payer.id)).current == nil)
            #expect(try await world.bank.otp.factorOverview(by: .customer(id: world.payer.id)).state == ExtraFactorState.none)
            await #expect(throws: BankError.factor(.mailPasswordOff)) { try await Self.change(world, use: false) }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func refusedWhileATokenIsIssued(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            _ = try await world.bank.otp.issueToken(by: .customer(id: world.payer.id), mobileEmail: "tanaka01.mobile@example.jp",
                                                activationPassword: "2468",
                                                confirmationPassword: SeededCustomer.confirmationPassword,
                                                session: TransferWorld.session, client: TransferWorld.client)
            #expect(try await world.bank.mailPassword.setting(by: .customer(id: world.payer.id)).enableRefusal == .otpInUse)
            await #expect(throws: BankError.factor(.otpInUse)) {
                try await Self.change(world, use: true, address: "tanaka01@example.jp")
            }
            #expect(try await world.outbox(kind: "mail_password_on").isEmpty)
            #expect(try await world.audit(world.payer, event: "mail_password_enabled").isEmpty)
            #expect(try await world.bank.mailPassword.setting(by: .customer(id: world.payer.id)).current == nil)
        }
    }

    /// Turning it off voids a password mailed and not yet used.
    @Test(arguments: TestDatabases.engines)
    func turningOffVoidsTheMailedPassword(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            _ = try await Self.change(world, use: true, address: "tanaka01@example.jp")
            let selection = try await world.bank.transfers.selectDestination(by: .customer(id: world.payer.id), sessionCookie: "c",
                                                                   TransferWorld.otherBank, client: TransferWorld.client)
            #expect(selection.mailPasswordSent)
            #expect(try await world.bank.database.read { db in
                try await MailPasswordRecords.find(db, customerID: world.payer.id)
            } != nil)
            _ = try await Self.change(world, use: false)
            #expect(try await world.bank.database.read { db in
                try await MailPasswordRecords.find(db, customerID: world.payer.id)
            } == nil)
            // Off: the same destination now needs no mail password at all.
            let again = try await world.bank.transfers.selectDestination(by: .customer(id: world.payer.id), sessionCookie: "c",
                                                               TransferWorld.otherBank, client: TransferWorld.client)
            #expect(!again.mailPasswordSent)
            try await world.transfer(world.payer, from: world.payer.ordinary, to: TransferWorld.otherBank, amount: "1000",
                                     cookie: "c")
        }
    }
}
