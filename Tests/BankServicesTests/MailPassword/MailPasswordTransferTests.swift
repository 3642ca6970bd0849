import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// With the メール通知パスワード on, a transfer to a 利用者登録 payee or a typed account needs
/// the password mailed for that destination in that session, once.
@Suite struct MailPasswordTransferTests {
    /// 田中 with the mail password on (to the PC address) and one 利用者登録 payee: 鈴木's savings.
    static func withMailPassword(_ engine: DatabaseEngine, _ body: (TransferWorld, Int64) async throws -> Void) async throws {
        try await TransferWorld.with(engine) { world in
            _ = try await world.bank.mailPassword.changeSetting(
                by: .customer(id: world.payer.id), use: true, address: "tanaka01@example.jp",
                confirmationPassword: SeededCustomer.confirmationPassword, session: TransferWorld.session,
                client: TransferWorld.client)
            let payee = try await world.bank.payees.add(
                by: .customer(id: world.payer.id), PayeeForm(bankCode: "2999", branchCode: "002", accountType: "savings",
                                                      accountNumber: world.payee.savings.accountNumber, holderName: ""),
                confirmationPassword: SeededCustomer.confirmationPassword, session: TransferWorld.session,
                client: TransferWorld.client)
            try await body(world, payee.record.id)
        }
    }

    static func select(_ world: TransferWorld, _ choice: DestinationChoice, cookie: String = "c") async throws -> DestinationSelection {
        try await world.bank.transfers.selectDestination(by: .customer(id: world.payer.id), sessionCookie: cookie, choice, client: TransferWorld.client)
    }

    static func prepare(_ world: TransferWorld, _ choice: DestinationChoice, cookie: String = "c") async throws -> TransferConfirmation {
        try await world.bank.transfers.prepare(by: .customer(id: world.payer.id), sessionCookie: cookie,
                                             sourceAccountID: world.payer.ordinary.id, choice: choice, amount: "10000")
    }

    @Test(arguments: TestDatabases.engines)
    func customerPayeesAndTypedAccountsAreMailedAPassword(engine: DatabaseEngine) async throws {
        try await Self.withMailPassword(engine) { world, payeeID in
            let selection = try await Self.select(world, .customerPayee(id: payeeID))
            #expect(selection.mailPasswordSent && selection.mailPasswordAddress == "tanaka01@example.jp")
            let mail = try #require(try await world.outbox(kind: "mail_password").first)
            #expect(mail.recipients == ["tanaka01@example.jp"] && mail.containsSecret && mail.urgent)
            #expect(try MailText.subject(mail).hasPrefix("【きょうえい】メール通知パスワードのお知らせ"))
            let body = try MailText.body(mail)
            let masked = maskedAccountNumber(world.payee.savings.accountNumber)
            #expect(body.contains("振込先: 協栄信用組合 吉田支店 貯蓄 \(masked) ｽｽﾞｷ ｲﾁﾛｳ"))
            let password = try #require(MailText.password(in: body))
            #expect(password.count == MailPassword.length && password.allSatisfy(MailPassword.alphabet.contains))
            let stored = try #require(try await world.bank.database.read { db in
                try await MailPasswordRecords.find(db, customerID: world.payer.id)
            })
            #expect(!stored.passwordHash.contains(password), "only a keyed hash is kept")
            #expect(try await world.audit(world.payer, event: "mail_password_issued").count == 1)

            let typed = try await Self.select(world, TransferWorld.otherBank)
            #expect(typed.mailPasswordSent)
            let typedMail = try #require(try await world.outbox(kind: "mail_password").first)
            #expect(try MailText.body(typedMail).contains("架空サンプル銀行 本店営業部 普通 ****321 ｶｸｳ ｼﾞﾛｳ"))
            #expect(try await world.outbox(kind: "mail_password").count == 2)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func bankPayeesAndOwnAccountsNeedNone(engine: DatabaseEngine) async throws {
        try await Self.withMailPassword(engine) { world, _ in
            let bankPayee = try await world.bank.counter.registerBankPayee(loginID: "tanaka01", PayeeForm(
                bankCode: "0998", branchCode: "201", accountType: "ordinary", accountNumber: "2222222", holderName: "ﾄﾄﾞｹﾃﾞ"),
                by: .operator(name: "clerk"))
            for choice in [DestinationChoice.bankPayee(id: bankPayee.record.id), .own(accountID: world.payer.savings.id)] {
                let selection = try await Self.select(world, choice)
                #expect(!selection.mailPasswordSent && selection.mailPasswordAddress == nil)
                let confirmation = try await Self.prepare(world, choice)
                #expect(!confirmation.needsMailPassword)
                let outcome = try await world.execute(world.payer, confirmation, cookie: "c")
                #expect(!outcome.transfer.factors.presented.contains(.mailPassword))
                #expect(outcome.transfer.factors.inForce.contains(.mailPassword), "in force, though this transfer needs none")
            }
            #expect(try await world.outbox(kind: "mail_password").isEmpty)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func theRightPasswordWorksOnceForItsDestination(engine: DatabaseEngine) async throws {
        try await Self.withMailPassword(engine) { world, payeeID in
            let choice = DestinationChoice.customerPayee(id: payeeID)
            _ = try await Self.select(world, choice)
            let password = try await world.mailedPassword(world.payer)
            let confirmation = try await Self.prepare(world, choice)
            #expect(confirmation.needsMailPassword)
            let before = try await world.snapshot()
            await #expect(throws: BankError.invalidInput([FieldError(field: "mail_password",
                                                                     messageKey: "error.mail_password.required")])) {
                try await world.execute(world.payer, confirmation, cookie: "c", mailPassword: "  ")
            }
            // Bound to the destination: a typed account is another destination.
            let elsewhere = try await Self.prepare(world, TransferWorld.otherBank)
            await #expect(throws: BankError.mailPasswordRefused(.notIssued)) {
                try await world.execute(world.payer, elsewhere, cookie: "c", mailPassword: password)
            }
            // Bound to the session: the same destination from another session.
            let otherSession = try await Self.prepare(world, choice, cookie: "d")
            await #expect(throws: BankError.mailPasswordRefused(.notIssued)) {
                try await world.execute(world.payer, otherSession, cookie: "d", mailPassword: password)
            }
            #expect(try await world.snapshot() == before)

            // Typed in full-width, as a phone might paste it.
            let fullWidth = String(password.unicodeScalars.map { Character(Unicode.Scalar($0.value + 0xFEE0)!) })
            let outcome = try await world.execute(world.payer, confirmation, cookie: "c", mailPassword: fullWidth)
            #expect(outcome.transfer.factors.presented == [.loginPassword, .confirmationPassword, .mailPassword])
            #expect(outcome.transfer.factors.inForce == [.loginPassword, .confirmationPassword, .mailPassword])
            #expect(try await world.credential(world.payer, .mailPassword).failures == 0)

            // Spent: the next transfer to the same payee needs a new one.
            let second = try await Self.prepare(world, choice)
            let afterFirst = try await world.snapshot()
            await #expect(throws: BankError.mailPasswordRefused(.notIssued)) {
                try await world.execute(world.payer, second, cookie: "c", mailPassword: password)
            }
            #expect(try await world.snapshot() == afterFirst)
            _ = try await Self.select(world, choice)
            try await world.execute(world.payer, second, cookie: "c", mailPassword: try await world.mailedPassword(world.payer))
            #expect(try await world.balance(world.payee.savings) == 20_000)
            try await world.expectLedgerConsistent()
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aReissuedPasswordReplacesTheOldOne(engine: DatabaseEngine) async throws {
        try await Self.withMailPassword(engine) { world, payeeID in
            let choice = DestinationChoice.customerPayee(id: payeeID)
            _ = try await Self.select(world, choice)
            let old = try await world.mailedPassword(world.payer)
            _ = try await Self.select(world, choice)
            let new = try await world.mailedPassword(world.payer)
            #expect(old != new)
            let confirmation = try await Self.prepare(world, choice)
            await #expect(throws: BankError.mailPasswordRefused(.incorrect)) {
                try await world.execute(world.payer, confirmation, cookie: "c", mailPassword: old)
            }
            #expect(try await world.credential(world.payer, .mailPassword).failures == 1)
            try await world.execute(world.payer, confirmation, cookie: "c", mailPassword: new)
            #expect(try await world.credential(world.payer, .mailPassword).failures == 0)
        }
    }
}
