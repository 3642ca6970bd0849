import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// 振込・振替先 added or removed, by the customer or at the counter: the PC address is told,
/// the account number masked.
@Suite struct PayeeNoticeTests {
    @Test(arguments: TestDatabases.engines)
    func customerRemovalIsMailed(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let payee = try await PayeeServiceTests.add(world, PayeeServiceTests.otherBankForm)
            #expect(try await world.outbox(kind: "payee_added").count == 1)
            try await PayeeServiceTests.delete(world, payee.record.id)
            let mail = try #require(try await world.outbox(kind: "payee_removed").first)
            #expect(mail.recipients == ["tanaka01@example.jp"] && mail.urgent)
            #expect(try MailText.subject(mail) == "【きょうえい】振込・振替先削除のお知らせ (payee removed)")
            let body = try MailText.body(mail)
            #expect(body.contains("振込・振替先一覧（利用者登録）から振込先を削除しました。"))
            #expect(body.contains("****567") && !body.contains("1234567"), "masked")
            #expect(body.contains("Payee: 0998 305") && !body.contains("http"))
        }
    }

    @Test(arguments: TestDatabases.engines)
    func counterAddAndRemoveAreMailed(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let staff = StaffWorld(world: world.world)
            let (_, clerk) = try await staff.logIn(try await staff.enroll("clerk001", role: .operator))
            let form = PayeeForm(bankCode: "2999", branchCode: "001", accountType: "ordinary",
                                 accountNumber: world.payee.ordinary.accountNumber, holderName: "")
            let payee = try await world.bank.counter.registerBankPayee(customerID: world.payer.id, form, by: .staff(clerk),
                                                                      client: TransferWorld.client)
            let added = try #require(try await world.outbox(kind: "bank_payee_added").first)
            #expect(added.recipients == ["tanaka01@example.jp"])
            #expect(try MailText.subject(added) == "【きょうえい】振込・振替先登録（届出済み）のお知らせ (registered payee added)")
            let number = world.payee.ordinary.accountNumber
            let addedBody = try MailText.body(added)
            #expect(!addedBody.contains(number) && addedBody.contains("****" + number.suffix(3)))
            try await world.bank.counter.removeBankPayee(customerID: world.payer.id, payeeID: payee.record.id, by: .staff(clerk),
                                                        client: TransferWorld.client)
            let removed = try #require(try await world.outbox(kind: "bank_payee_removed").first)
            #expect(try MailText.body(removed).contains("振込・振替先一覧（届出済み）から振込先を削除しました。"))
            #expect(try await world.outbox(kind: "payee_added").isEmpty)
            #expect(try await world.outbox(kind: "payee_removed").isEmpty)
        }
    }
}
