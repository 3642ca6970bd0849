import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// メールアドレス変更 by the customer: asking changes nothing and mails a link to the new address
/// (the old one told); the link's page shows without writing; confirming makes the change once,
/// with the counter's code (the mail password follows, both addresses told).
@Suite struct MailAddressChangeTests {
    @Test(arguments: TestDatabases.engines)
    func aRequestMailsTheLinkAndTellsTheOldAddressButChangesNothing(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let requested = try await world.requestAddressChange(.pc, to: "Hanako.New@Example.JP")
            #expect(requested.newAddress == "Hanako.New@example.jp" && requested.noticeAddress == "tanaka01@example.jp")
            #expect(requested.expiresAt == world.clock.now().addingTimeInterval(24 * 3600) && !requested.replacedEarlier)
            #expect(try await world.payerRecord().pcEmail == "tanaka01@example.jp", "nothing changes yet")

            let link = try #require(try await world.outbox(kind: "mail_address_confirm").first)
            #expect(link.recipients == ["Hanako.New@example.jp"] && link.urgent && link.containsSecret)
            #expect(link.expiresAt == requested.expiresAt, "a link not delivered in time is not worth sending")
            #expect(try MailText.subject(link).hasPrefix("【きょうえい】メールアドレス変更の確認"))
            let body = try MailText.body(link)
            let token = try await world.mailedToken()
            #expect(body.contains("http://127.0.0.1:8080/settings/mail-address/confirm?token=\(token)"))
            #expect(body.contains("PCメールアドレスをこのアドレス（Hanako.New@example.jp）に変更するお申込み"))
            #expect(body.contains("to change your registered PC mail address"), "bilingual")

            let notice = try #require(try await world.outbox(kind: "mail_address_requested").first)
            #expect(notice.recipients == ["tanaka01@example.jp"] && notice.urgent && !notice.containsSecret)
            let noticeBody = try MailText.body(notice)
            #expect(noticeBody.contains("新しいアドレス（Ha****@example.jp）") && !noticeBody.contains("Hanako.New"), "masked")
            #expect(noticeBody.contains("お心当たりのない場合") && !noticeBody.contains(token), "no link to the old address")

            let stored = try #require(try await world.confirmations().first)
            #expect(stored.tokenHash != token && stored.tokenHash.count == 64 && stored.status == .pending, "only a hash is kept")
            let row = try #require(try await world.audit(world.payer, event: "mail_address_change_requested").first)
            #expect(row.result == .success)
            #expect(row.factors == FactorRecord(inForce: [.loginPassword, .confirmationPassword],
                                                presented: [.loginPassword, .confirmationPassword]))
            #expect(row.detail.contains("kind=pc") && row.detail.contains("new=Hanako.New@example.jp") && row.detail.contains("voided=0"))
        }
    }

    @Test(arguments: TestDatabases.engines)
    func theLinkShowsWithoutWritingAndConfirmsOnce(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            try await world.requestAddressChange(.mobile, to: "hanako.phone@example.jp")
            let token = try await world.mailedToken()
            for _ in 1...3 {  // a mail scanner fetching the link, then the customer
                let view = try await world.bank.mailAddresses.pendingConfirmation(token: token)
                #expect(view.kind == .mobile && view.newAddress == "hanako.phone@example.jp" && !view.mailPasswordWillMove)
            }
            #expect(try await world.confirmations().map(\.status) == [.pending], "GET writes nothing")
            #expect(try await world.payerRecord().mobileEmail == "tanaka01.mobile@example.jp")

            let change = try await world.bank.mailAddresses.confirm(token: token, client: TransferWorld.client)
            #expect(change.kind == .mobile && change.oldAddress == "tanaka01.mobile@example.jp" && !change.mailPasswordMoved)
            #expect(try await world.payerRecord().mobileEmail == "hanako.phone@example.jp")
            let changed = try await world.outbox(kind: "mail_address_changed")
            #expect(Set(changed.flatMap(\.recipients)) == ["hanako.phone@example.jp", "tanaka01.mobile@example.jp"])
            let toOld = try #require(changed.first { $0.recipients == ["tanaka01.mobile@example.jp"] })
            #expect(try MailText.body(toOld).contains("インターネットバンキングでのお手続きにより、ご登録の携帯メールアドレスをこのアドレスから新しいアドレス（ha****@example.jp）"))
            let row = try #require(try await world.audit(world.payer, event: "mail_address_change_confirmed").first)
            #expect(row.result == .success && row.actor == "customer")
            #expect(row.detail.contains("old=tanaka01.mobile@example.jp") && row.detail.contains("request="))

            // Used: a second click, another tab, the scanner again.
            await #expect(throws: BankError.mailAddressLink(.used)) {
                try await world.bank.mailAddresses.confirm(token: token, client: TransferWorld.client)
            }
            await #expect(throws: BankError.mailAddressLink(.used)) {
                try await world.bank.mailAddresses.pendingConfirmation(token: token)
            }
            #expect(try await world.outbox(kind: "mail_address_changed").count == 2, "applied once")
            let refused = try #require(try await world.audit(world.payer, event: "mail_address_change_refused").first)
            #expect(refused.result == .refused && refused.detail.hasPrefix("refusal=used"))
        }
    }

    @Test(arguments: TestDatabases.engines)
    func theLinkRunsOutAfter24Hours(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            try await world.requestAddressChange()
            let token = try await world.mailedToken()
            world.clock.advance(by: 24 * 3600 - 1)
            _ = try await world.bank.mailAddresses.pendingConfirmation(token: token)
            world.clock.advance(by: 1)
            await #expect(throws: BankError.mailAddressLink(.expired)) {
                try await world.bank.mailAddresses.pendingConfirmation(token: token)
            }
            await #expect(throws: BankError.mailAddressLink(.expired)) {
                try await world.bank.mailAddresses.confirm(token: token, client: TransferWorld.client)
            }
            #expect(try await world.payerRecord().pcEmail == "tanaka01@example.jp")
            #expect(try await world.outbox(kind: "mail_address_changed").isEmpty)
            #expect(try await world.bank.mailAddresses.overview(by: .customer(id: world.payer.id)).pending == nil)
            let refused = try #require(try await world.audit(world.payer, event: "mail_address_change_refused").first)
            #expect(refused.detail.hasPrefix("refusal=expired"))
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aNewerRequestVoidsTheOlder(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            try await world.requestAddressChange(.pc, to: "first@example.jp")
            let first = try await world.mailedToken()
            world.clock.advance(by: 60)
            let second = try await world.requestAddressChange(.mobile, to: "second@example.jp")
            #expect(second.replacedEarlier)
            let secondToken = try await world.mailedToken()
            #expect(try await world.confirmations().map(\.status) == [.voided, .pending])
            await #expect(throws: BankError.mailAddressLink(.voided)) {
                try await world.bank.mailAddresses.confirm(token: first, client: TransferWorld.client)
            }
            let overview = try await world.bank.mailAddresses.overview(by: .customer(id: world.payer.id))
            #expect(overview.pending?.newAddress == "second@example.jp" && overview.pending?.kind == .mobile)
            _ = try await world.bank.mailAddresses.confirm(token: secondToken, client: TransferWorld.client)
            let customer = try await world.payerRecord()
            #expect(customer.pcEmail == "tanaka01@example.jp" && customer.mobileEmail == "second@example.jp")
            #expect(try await world.audit(world.payer, event: "mail_address_change_requested").first?.detail.contains("voided=1") == true)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func theMailPasswordFollowsTheAddressItWentTo(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            _ = try await world.bank.mailPassword.changeSetting(by: .customer(id: world.payer.id), use: true, address: "tanaka01@example.jp",
                                                               confirmationPassword: SeededCustomer.confirmationPassword,
                                                               session: TransferWorld.session, client: TransferWorld.client)
            let overview = try await world.bank.mailAddresses.overview(by: .customer(id: world.payer.id))
            #expect(overview.mailPasswordAddress == "tanaka01@example.jp" && !overview.needsCode)
            try await world.requestAddressChange(.pc)
            let token = try await world.mailedToken()
            #expect(try await world.bank.mailAddresses.pendingConfirmation(token: token).mailPasswordWillMove, "said before")
            let change = try await world.bank.mailAddresses.confirm(token: token, client: TransferWorld.client)
            #expect(change.mailPasswordMoved)
            let setting = try await world.bank.mailPassword.setting(by: .customer(id: world.payer.id))
            #expect(setting.current?.address == TransferWorld.newAddress)
            let toNew = try #require(try await world.outbox(kind: "mail_address_changed").first { $0.recipients == [TransferWorld.newAddress] })
            #expect(try MailText.body(toNew).contains("メール通知パスワードの送信先も新しいアドレスに変更しました。"))
            #expect(try await world.audit(world.payer, event: "mail_address_change_confirmed").first?.detail
                .contains("mail_password_moved=true") == true)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aChangeAtTheCounterVoidsTheWaitingRequest(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            try await world.requestAddressChange(.pc)
            let token = try await world.mailedToken()
            let staffWorld = StaffWorld(world: world.world)
            let (_, clerk) = try await staffWorld.logIn(try await staffWorld.enroll("clerk001", role: .operator))
            _ = try await world.bank.counter.changeMailAddress(customerID: world.payer.id, kind: .mobile, newAddress: "counter@example.jp",
                                                               by: .staff(clerk), client: TransferWorld.client)
            await #expect(throws: BankError.mailAddressLink(.voided)) {
                try await world.bank.mailAddresses.confirm(token: token, client: TransferWorld.client)
            }
            #expect(try await world.payerRecord().pcEmail == "tanaka01@example.jp")
            let counterMail = try #require(try await world.outbox(kind: "mail_address_changed").first)
            #expect(try MailText.body(counterMail).contains("お客様のお届けにより"), "the counter's wording stays")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func anUnknownTokenIsRefusedAndAudited(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            for token in ["", "abc", String(repeating: "0", count: 64), String(repeating: "G", count: 64)] {
                await #expect(throws: BankError.mailAddressLink(.unknown)) {
                    try await world.bank.mailAddresses.confirm(token: token, client: TransferWorld.client)
                }
                await #expect(throws: BankError.mailAddressLink(.unknown)) {
                    try await world.bank.mailAddresses.pendingConfirmation(token: token)
                }
            }
            let rows = try await world.audit(event: "mail_address_change_refused")
            #expect(rows.count == 4 && rows.allSatisfy { $0.customerID == nil && $0.actor == "anonymous" && $0.ip == "192.0.2.44" })
        }
    }
}
