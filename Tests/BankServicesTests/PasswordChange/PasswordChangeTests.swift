import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// ログインパスワード変更 / 確認用パスワード変更: the policy, the current password counted toward
/// its lock, the other sessions ended, the PC address told, the change audited.
@Suite struct PasswordChangeTests {
    static let newLogin = "Atarashii2026login"
    static let newConfirmation = "Atarashii2026kakunin"

    static func change(_ world: TransferWorld, _ password: CustomerPassword, current: String, new: String,
                       again: String? = nil, cookie: String = "current-session") async throws {
        try await world.bank.passwords.change(password, by: .customer(id: world.payer.id), current: current, new: new,
                                              newAgain: again ?? new, sessionCookie: cookie,
                                              session: TransferWorld.session, client: TransferWorld.client)
    }

    static func login(_ world: TransferWorld, _ password: String) async throws -> LoginOutcome {
        try await world.bank.login.checkPassword(loginID: "tanaka01", password: password, client: TransferWorld.client)
    }

    static func customer(_ world: TransferWorld) async throws -> CustomerRecord {
        try #require(try await world.bank.database.read { db in try await CustomerRecords.find(db, id: world.payer.id) })
    }

    static func invalid(_ field: String, _ key: String) -> BankError {
        BankError.invalidInput([FieldError(field: field, messageKey: key)])
    }

    @Test(arguments: TestDatabases.engines)
    func loginPasswordChangeEndsOtherSessionsAndIsMailedAndAudited(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            guard case .success(let kept) = try await Self.login(world, SeededCustomer.loginPassword),
                  case .success = try await Self.login(world, SeededCustomer.loginPassword),
                  case .success = try await Self.login(world, SeededCustomer.loginPassword) else {
                Issue.record("the logins failed"); return
            }
            #expect(try await world.sessionCount() == 3)
            try await Self.change(world, .login, current: SeededCustomer.loginPassword, new: Self.newLogin, cookie: kept.cookieValue)

            #expect(try await world.sessionCount() == 1, "every other session ended")
            let resolved = try await world.bank.sessions.resolve(cookie: kept.cookieValue, client: TransferWorld.client)
            guard case .active = resolved else { Issue.record("the session that changed it stays: \(resolved)"); return }
            #expect(try await Self.login(world, SeededCustomer.loginPassword) == .invalidCredentials)
            guard case .success = try await Self.login(world, Self.newLogin) else { Issue.record("new password refused"); return }

            let mail = try #require(try await world.outbox(kind: "login_password_changed").first)
            #expect(mail.recipients == ["tanaka01@example.jp"] && mail.urgent)
            #expect(try MailText.subject(mail).hasPrefix("【きょうえい】ログインパスワード変更のお知らせ"))
            let body = try MailText.body(mail)
            #expect(body.contains("ログインパスワードを変更しました。"))
            #expect(body.contains("login password was changed"), "bilingual")
            #expect(!body.contains(Self.newLogin), "never the password itself")

            let row = try #require(try await world.audit(world.payer, event: "login_password_changed").first)
            #expect(row.result == .success)
            #expect(row.factors == FactorRecord(inForce: [.loginPassword, .confirmationPassword], presented: [.loginPassword]))
            #expect(row.detail.contains("sessions_ended=2"))
        }
    }

    @Test(arguments: TestDatabases.engines)
    func confirmationPasswordChange(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            try await Self.change(world, .confirmation, current: SeededCustomer.confirmationPassword, new: Self.newConfirmation)
            let mail = try #require(try await world.outbox(kind: "confirmation_password_changed").first)
            #expect(try MailText.subject(mail).hasPrefix("【きょうえい】確認用パスワード変更のお知らせ"))
            let row = try #require(try await world.audit(world.payer, event: "confirmation_password_changed").first)
            #expect(row.factors.presented == [.loginPassword, .confirmationPassword])
            // The new one is now the one asked; the old one is wrong.
            await #expect(throws: Self.invalid("current_password", "error.password_change.current_wrong")) {
                try await Self.change(world, .confirmation, current: SeededCustomer.confirmationPassword, new: "Sanbanme2026pw")
            }
            try await Self.change(world, .confirmation, current: Self.newConfirmation, new: "Sanbanme2026pw")
            #expect(try await world.credential(world.payer, .confirmationPassword).failures == 0, "a right one clears the count")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func refusalsWriteNothing(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let before = try await Self.customer(world)
            let login = SeededCustomer.loginPassword
            await #expect(throws: Self.invalid("current_password", "error.password_change.current_required")) {
                try await Self.change(world, .login, current: "", new: Self.newLogin)
            }
            await #expect(throws: Self.invalid("new_password_again", "error.password_change.mismatch")) {
                try await Self.change(world, .login, current: login, new: Self.newLogin, again: Self.newLogin + "x")
            }
            await #expect(throws: Self.invalid("new_password", "error.password.length")) {
                try await Self.change(world, .login, current: login, new: "Short1")
            }
            await #expect(throws: Self.invalid("new_password", "error.password.letter_and_digit")) {
                try await Self.change(world, .login, current: login, new: "onlyletters")
            }
            await #expect(throws: Self.invalid("new_password", "error.password.contains_login_id")) {
                try await Self.change(world, .login, current: login, new: "xTanaka01x")
            }
            await #expect(throws: Self.invalid("new_password", "error.password_change.same_as_current")) {
                try await Self.change(world, .login, current: login, new: login)
            }
            await #expect(throws: Self.invalid("new_password", "error.password_change.same_as_other")) {
                try await Self.change(world, .login, current: login, new: SeededCustomer.confirmationPassword)
            }
            await #expect(throws: Self.invalid("new_password", "error.password_change.same_as_other")) {
                try await Self.change(world, .confirmation, current: SeededCustomer.confirmationPassword, new: login)
            }
            await #expect(throws: Self.invalid("current_password", "error.password_change.current_wrong")) {
                try await Self.change(world, .login, current: "Wrong2026pass", new: Self.newLogin)
            }
            let after = try await Self.customer(world)
            #expect(after.loginPasswordHash == before.loginPasswordHash)
            #expect(after.confirmationPasswordHash == before.confirmationPasswordHash)
            #expect(try await world.outbox(kind: "login_password_changed").isEmpty)
            #expect(try await world.outbox(kind: "confirmation_password_changed").isEmpty)
            #expect(try await world.audit(world.payer, event: "confirmation_password_changed").isEmpty)
            let rows = try await world.audit(world.payer, event: "login_password_changed")
            #expect(rows.map(\.result) == [.failure], "only the wrong current password is recorded, as a failure")
            #expect(try await world.credential(world.payer, .loginPassword).failures == 1, "it counts toward the lock")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func wrongCurrentPasswordsLockTheCredential(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine, settings: TransferWorld.settings(lockoutLimit: 3)) { world in
            for _ in 1...2 {
                await #expect(throws: Self.invalid("current_password", "error.password_change.current_wrong")) {
                    try await Self.change(world, .confirmation, current: "Wrong2026pass", new: Self.newConfirmation)
                }
            }
            await #expect(throws: BankError.credentialLocked(.confirmationPassword)) {
                try await Self.change(world, .confirmation, current: "Wrong2026pass", new: Self.newConfirmation)
            }
            #expect(try await world.credential(world.payer, .confirmationPassword).isLocked)
            let lockMail = try #require(try await world.outbox(kind: "credential_locked").first)
            #expect(try MailText.subject(lockMail).hasPrefix("【きょうえい】確認用パスワードロックのお知らせ"))
            // Locked: even the right one changes nothing.
            await #expect(throws: BankError.credentialLocked(.confirmationPassword)) {
                try await Self.change(world, .confirmation, current: SeededCustomer.confirmationPassword, new: Self.newConfirmation)
            }
            #expect(try await world.outbox(kind: "confirmation_password_changed").isEmpty)
            let failures = try await world.audit(world.payer, event: "confirmation_password")
            #expect(failures.allSatisfy { $0.detail.hasPrefix("password_change") })
            #expect(failures.map(\.result).sorted { $0.rawValue < $1.rawValue } == [.failure, .failure, .failure, .refused])

            // The login password has its own count.
            for _ in 1...3 { _ = try? await Self.change(world, .login, current: "Wrong2026pass", new: Self.newLogin) }
            #expect(try await world.credential(world.payer, .loginPassword).isLocked)
            #expect(try await Self.login(world, SeededCustomer.loginPassword) == .locked, "locked as by wrong logins")
        }
    }
}
