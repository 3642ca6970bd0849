import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// 通知設定: the 確認用パスワード (a wrong one counts toward its lock), the change mailed and
/// audited, every refusal writing nothing.
@Suite struct NotificationSettingsTests {
    @Test(arguments: TestDatabases.engines)
    func turningOffIsMailedAndAudited(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let before = try await world.bank.notices.settings(by: .customer(id: world.payer.id))
            #expect(before.loginNotice && before.changedAt == nil && before.maskedPCEmail == "ta****@example.jp")
            try await Notice.turn(world, false)
            let after = try await world.bank.notices.settings(by: .customer(id: world.payer.id))
            #expect(!after.loginNotice && after.changedAt == world.clock.now())

            let mail = try #require(try await world.outbox(kind: "notification_settings_changed").first)
            #expect(mail.recipients == ["tanaka01@example.jp"] && mail.urgent, "turning notices off is what a takeover does first")
            #expect(try MailText.subject(mail) == "【きょうえい】通知設定変更のお知らせ (notification settings changed)")
            let body = try MailText.body(mail)
            #expect(body.contains("ログインのお知らせ: 受け取らない") && body.contains("Login notices: off"))
            #expect(!body.contains("http"))

            let row = try #require(try await world.audit(world.payer, event: "notification_settings_changed").first)
            #expect(row.result == .success && row.detail.hasPrefix("was=on new=off message_id="))
            #expect(row.factors.presented == [.loginPassword, .confirmationPassword])
        }
    }

    @Test(arguments: TestDatabases.engines)
    func refusalsWriteNothing(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let invalid = { (field: String, key: String) in BankError.invalidInput([FieldError(field: field, messageKey: key)]) }
            await #expect(throws: invalid("login_notice", "error.notification_settings.choose")) { try await Notice.turn(world, nil) }
            await #expect(throws: invalid("login_notice", "error.notification_settings.unchanged")) { try await Notice.turn(world, true) }
            await #expect(throws: invalid("confirmation_password", "error.confirmation_password.required")) {
                try await Notice.turn(world, false, password: "")
            }
            let before = try await TableDump.take(world.bank.database)
            await #expect(throws: BankError.wrongConfirmationPassword) { try await Notice.turn(world, false, password: "Wrong2026x") }
            #expect(try await world.credential(world.payer, .confirmationPassword).failures == 1, "counts toward its lock")
            let changed = Set(before.changes(to: try await TableDump.take(world.bank.database)).keys)
            #expect(changed.isDisjoint(with: ["notification_settings", "mail_outbox", "known_browsers", "login_notices"]), "\(changed)")
            #expect(try await world.outbox(kind: "notification_settings_changed").isEmpty)
            #expect(try await world.audit(world.payer, event: "notification_settings_changed").isEmpty)
            let refused = try #require(try await world.audit(world.payer, event: "confirmation_password").first)
            #expect(refused.result == .failure && refused.detail.hasPrefix("notification_settings"))
            #expect(try await world.bank.notices.settings(by: .customer(id: world.payer.id)).loginNotice)
        }
    }
}
