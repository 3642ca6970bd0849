import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// 窓口業務 on the web, at the service: the role is checked inside every service, money moves
/// once per form token, a refusal changes nothing, and an address change tells both addresses
/// in the transaction that makes it.
@Suite struct StaffCounterServiceTests {
    static let client = StaffWorld.client

    /// A new PC address where the mail password goes: only a request until a different 役席
    /// approves; then the customer row, the mail password's destination, a notice to the new
    /// and one to the old address (the new one masked there) and the audit row, all together.
    @Test(arguments: TestDatabases.engines)
    func addressChangeMovingTheMailPasswordNeedsApproval(engine: DatabaseEngine) async throws {
        try await StaffWorld.with(engine) { world in
            let party = try await Party.open(world.bank, loginID: "tanaka01", kana: "ﾀﾅｶ ﾊﾅｺ")
            let (_, clerk) = try await world.logIn(try await world.enroll("clerk001", role: .operator))
            let (_, chief) = try await world.logIn(try await world.enroll("chief001", role: .supervisor))
            try await world.bank.database.transaction { db in
                try await MailPasswordSettingRecords.enable(db, customerID: party.id, address: "tanaka01@example.jp",
                                                            at: world.clock.now())
            }
            let before = try await world.counterMails()

            let outcome = try await world.bank.counter.changeMailAddress(customerID: party.id, kind: .pc, newAddress: "ｈａｎａｋｏ@Example.JP",
                                                                 by: .staff(clerk), client: Self.client)
            let request = try #require(outcome.request)
            #expect(request.kind == .mailAddress && request.target == "pc" && request.newValue == "hanako@example.jp")
            #expect(try await world.bank.counter.customer(loginID: "tanaka01").pcEmail == "tanaka01@example.jp", "not before approval")
            #expect(try await world.counterMails().count == before.count)
            await #expect(throws: BankError.accessRequest(.notApprover)) {
                _ = try await world.bank.accessRequests.approve(id: request.id, note: "", by: .staff(clerk), client: Self.client)
            }
            _ = try await world.bank.accessRequests.approve(id: request.id, note: "", by: .staff(chief), client: Self.client)

            #expect(try await world.bank.counter.customer(loginID: "tanaka01").pcEmail == "hanako@example.jp")
            let setting = try await world.bank.database.read { db in try await MailPasswordSettingRecords.find(db, customerID: party.id) }
            #expect(setting?.address == "hanako@example.jp")
            let mails = try await world.counterMails().filter { !before.map(\.id).contains($0.id) }
            #expect(mails.count == 2)
            let toNew = try #require(mails.first { $0.recipients == ["hanako@example.jp"] })
            let toOld = try #require(mails.first { $0.recipients == ["tanaka01@example.jp"] })
            let newBody = try MailText.body(toNew), oldBody = try MailText.body(toOld)
            #expect(newBody.contains("PCメールアドレスをこのアドレス（hanako@example.jp）に変更しました"))
            #expect(newBody.contains("メール通知パスワードの送信先も新しいアドレスに変更しました"))
            #expect(newBody.range(of: "PC mail address")!.lowerBound > newBody.range(of: "PCメールアドレス")!.lowerBound,
                    "Japanese first, English below")
            #expect(oldBody.contains("ha****@example.jp") && !oldBody.contains("hanako@"), "the old address sees it masked")
            #expect(try MailText.subject(toOld).hasPrefix("【きょうえい】登録メールアドレス変更のお知らせ"))
            #expect(toNew.urgent && toNew.customerID == party.id)

            let audit = try #require(try await world.audit(event: "mail_address_changed").first)
            #expect(audit.actor == "staff:chief001" && audit.result == .success && audit.customerID == party.id)
            #expect(audit.ip == Self.client.ip && audit.userAgent == Self.client.userAgent)
            #expect(audit.detail.hasPrefix("kind=pc old=tanaka01@example.jp new=hanako@example.jp mail_password_moved=true"))
            #expect(audit.detail.hasSuffix("request=\(request.id) requested_by=clerk001"))
        }
    }

    /// The mail password stays where it was when another address changes; a customer without
    /// a mobile address gets one notice only; the same or a bad address is refused with
    /// nothing changed and nothing queued.
    @Test(arguments: TestDatabases.engines)
    func addressChangeRefusalsChangeNothing(engine: DatabaseEngine) async throws {
        try await StaffWorld.with(engine) { world in
            let party = try await Party.open(world.bank, loginID: "tanaka01", kana: "ﾀﾅｶ ﾊﾅｺ")
            let (_, clerk) = try await world.logIn(try await world.enroll("clerk001", role: .supervisor))
            try await world.bank.database.transaction { db in
                try await MailPasswordSettingRecords.enable(db, customerID: party.id, address: "tanaka01.mobile@example.jp",
                                                            at: world.clock.now())
            }
            let pc = try #require(try await world.bank.counter.changeMailAddress(customerID: party.id, kind: .pc, newAddress: "new-pc@example.jp",
                                                                         by: .staff(clerk), client: Self.client).change)
            #expect(!pc.mailPasswordMoved)
            let setting = try await world.bank.database.read { db in try await MailPasswordSettingRecords.find(db, customerID: party.id) }
            #expect(setting?.address == "tanaka01.mobile@example.jp")

            let mails = try await world.counterMails().count
            await #expect(throws: BankError.invalidInput([FieldError(field: "address", messageKey: "error.mail_address.same")])) {
                _ = try await world.bank.counter.changeMailAddress(customerID: party.id, kind: .mobile, newAddress: "tanaka01.mobile@example.jp",
                                                           by: .staff(clerk), client: Self.client)
            }
            await #expect(throws: BankError.invalidInput([FieldError(field: "address", messageKey: "error.mail.invalid")])) {
                _ = try await world.bank.counter.changeMailAddress(customerID: party.id, kind: .mobile, newAddress: "no-at-sign",
                                                           by: .staff(clerk), client: Self.client)
            }
            await #expect(throws: BankError.customerNotFound) {
                _ = try await world.bank.counter.changeMailAddress(customerID: 999_999, kind: .pc, newAddress: "x@example.jp",
                                                           by: .staff(clerk), client: Self.client)
            }
            #expect(try await world.counterMails().count == mails)
            #expect(try await world.bank.counter.customer(loginID: "tanaka01").mobileEmail == "tanaka01.mobile@example.jp")

            // No mobile address yet: the new one is told, there is no old one.
            let seeded = try await SeededCustomer.create(world.bank, loginID: "sato0001")
            let mobile = try #require(try await world.bank.counter.changeMailAddress(customerID: seeded.customer.id, kind: .mobile,
                                                                             newAddress: "sato@example.jp", by: .staff(clerk),
                                                                             client: Self.client).change)
            #expect(mobile.oldAddress == nil && mobile.messageIDs.count == 1)
        }
    }

    /// 監査 reads only: every counter service refuses the auditor before doing anything, and
    /// the refused attempt is in the audit trail.
    @Test(arguments: TestDatabases.engines)
    func auditorIsRefusedEverywhere(engine: DatabaseEngine) async throws {
        try await StaffWorld.with(engine) { world in
            let party = try await Party.open(world.bank, loginID: "tanaka01", kana: "ﾀﾅｶ ﾊﾅｺ")
            let (_, auditor) = try await world.logIn(try await world.enroll("audit001", role: .auditor))
            let snapshot = try await MoneySnapshot.take(world.bank)
            await expectStaffRefusal(.forbidden) {
                _ = try await world.bank.counter.post(.deposit, customerID: party.id, accountID: party.ordinary.id, amount: "1000",
                                                       memo: "", formToken: world.bank.counter.newFormToken(), by: .staff(auditor),
                                                       client: Self.client)
            }
            await expectStaffRefusal(.forbidden) {
                _ = try await world.bank.counter.openCustomer(
                    CounterCustomerForm(loginID: "newcust01", nameKanji: "新規 一郎", nameKana: "ｼﾝｷ ｲﾁﾛｳ", pcEmail: "n@example.jp"),
                    formToken: world.bank.counter.newFormToken(), by: .staff(auditor), client: Self.client)
            }
            await expectStaffRefusal(.forbidden) {
                _ = try await world.bank.counter.openAccount(customerID: party.id, branch: "001", type: "ordinary",
                                                              formToken: world.bank.counter.newFormToken(), by: .staff(auditor),
                                                              client: Self.client)
            }
            await expectStaffRefusal(.forbidden) {
                _ = try await world.bank.counter.changeMailAddress(customerID: party.id, kind: .pc, newAddress: "x@example.jp", by: .staff(auditor),
                                                           client: Self.client)
            }
            await expectStaffRefusal(.forbidden) {
                _ = try await world.bank.counter.registerBankPayee(
                    customerID: party.id, PayeeForm(bankCode: "2999", branchCode: "002", accountType: "savings",
                                                    accountNumber: party.savings.accountNumber, holderName: ""),
                    by: .staff(auditor), client: Self.client)
            }
            await expectStaffRefusal(.forbidden) {
                try await world.bank.counter.removeBankPayee(customerID: party.id, payeeID: 1, by: .staff(auditor), client: Self.client)
            }
            await expectStaffRefusal(.forbidden) {
                _ = try await world.bank.counter.customer(customerID: party.id, by: .staff(auditor), client: Self.client, purpose: "x")
            }
            #expect(try await MoneySnapshot.take(world.bank) == snapshot)
            #expect(try await world.bank.counter.customers().count == 1)
            #expect(try await world.bank.counter.customer(loginID: "tanaka01").pcEmail == "tanaka01@example.jp")
            for event in ["counter_deposit", "customer_created", "account_opened", "mail_address_changed",
                          "bank_payee_registered", "bank_payee_removed"] {
                let refused = try await world.audit(event: event).filter { $0.actor == "staff:audit001" }
                #expect(refused.count == 1, "\(event)")
                #expect(refused.first?.result == .refused && refused.first?.detail == "forbidden role=auditor", "\(event)")
            }
        }
    }

    /// The same form token twice (one after the other, then two at the same moment): one
    /// ledger transaction, the second answer is the first posting.
    @Test(arguments: TestDatabases.engines)
    func doubleSubmittedDepositPostsOnce(engine: DatabaseEngine) async throws {
        try await StaffWorld.with(engine) { world in
            let party = try await Party.open(world.bank, loginID: "tanaka01", kana: "ﾀﾅｶ ﾊﾅｺ", deposit: 0)
            let (_, clerk) = try await world.logIn(try await world.enroll("clerk001", role: .operator))
            let token = world.bank.counter.newFormToken()
            func deposit(_ token: String, amount: String = "５０，０００") async throws -> CounterPosting {
                try await world.bank.counter.post(.deposit, customerID: party.id, accountID: party.ordinary.id, amount: amount,
                                                   memo: "窓口入金", formToken: token, by: .staff(clerk), client: Self.client)
            }
            let first = try await deposit(token)
            #expect(!first.replayed && first.line.amount == Yen(50_000) && first.line.balanceAfter == Yen(50_000))
            let again = try await deposit(token, amount: "99999")
            #expect(again.replayed && again.line == first.line, "the first posting, not a new one")
            #expect(try await world.balance(party.ordinary.id) == 50_000)

            let racing = world.bank.counter.newFormToken()
            async let one = deposit(racing, amount: "1000")
            async let two = deposit(racing, amount: "1000")
            let answers = try await [one, two]
            #expect(answers.filter(\.replayed).count == 1)
            #expect(answers[0].line.transactionID == answers[1].line.transactionID)
            #expect(try await world.balance(party.ordinary.id) == 51_000)
            let deposits = try await world.audit(event: "counter_deposit").filter { $0.actor == "staff:clerk001" }
            #expect(deposits.count == 2 && deposits.allSatisfy { $0.ip == Self.client.ip && $0.userAgent == "StaffTest" })
            let verification = try await world.bank.ledger.verify()
            #expect(verification.isConsistent)

            await #expect(throws: BankError.invalidInput([FieldError(field: "form_token", messageKey: "error.counter.form_token")])) {
                _ = try await deposit("not-a-token")
            }
        }
    }

    /// Too little money: refused, nothing posted, the refusal audited; the same form then
    /// posts a smaller amount. Another customer's account is not found, with nothing posted.
    @Test(arguments: TestDatabases.engines)
    func withdrawalRefusalsChangeNothing(engine: DatabaseEngine) async throws {
        try await StaffWorld.with(engine) { world in
            let party = try await Party.open(world.bank, loginID: "tanaka01", kana: "ﾀﾅｶ ﾊﾅｺ", deposit: 10_000)
            let other = try await Party.open(world.bank, loginID: "suzuki02", kana: "ｽｽﾞｷ ｲﾁﾛｳ", deposit: 10_000)
            let (_, clerk) = try await world.logIn(try await world.enroll("clerk001", role: .operator))
            let snapshot = try await MoneySnapshot.take(world.bank)
            let token = world.bank.counter.newFormToken()
            func withdraw(_ accountID: Int64, _ amount: String) async throws -> CounterPosting {
                try await world.bank.counter.post(.withdrawal, customerID: party.id, accountID: accountID, amount: amount,
                                                   memo: "", formToken: token, by: .staff(clerk), client: Self.client)
            }
            await #expect(throws: BankError.insufficientFunds) { _ = try await withdraw(party.ordinary.id, "10,001") }
            await #expect(throws: BankError.accountNotFound) { _ = try await withdraw(other.ordinary.id, "100") }
            await #expect(throws: BankError.invalidInput([FieldError(field: "amount", messageKey: "error.amount.not_a_number")])) {
                _ = try await withdraw(party.ordinary.id, "1,00")
            }
            #expect(try await MoneySnapshot.take(world.bank) == snapshot)
            let refused = try #require(try await world.audit(event: "counter_withdrawal").first)
            #expect(refused.result == .refused && refused.actor == "staff:clerk001" && refused.ip == Self.client.ip)
            #expect(refused.detail.hasSuffix("amount=10001 insufficient_funds"))

            let done = try await withdraw(party.ordinary.id, "10,000")
            #expect(!done.replayed && done.line.balanceAfter == Yen(0) && done.line.amount == Yen(-10_000))
        }
    }

    /// 顧客新規登録: the bank's two passwords open the new customer's login; the first account
    /// is opened with it; the audit trail has neither password. Bad fields are all reported
    /// at once, and a login ID already taken is the login ID field's error.
    @Test(arguments: TestDatabases.engines)
    func customerOpenedWithGeneratedPasswordsAndFirstAccount(engine: DatabaseEngine) async throws {
        try await StaffWorld.with(engine) { world in
            let (_, clerk) = try await world.logIn(try await world.enroll("clerk001", role: .operator))
            let form = CounterCustomerForm(loginID: "Yamada01", nameKanji: "山田 花子", nameKana: "やまだ はなこ",
                                           pcEmail: "yamada@example.jp", mobileEmail: "", firstAccountBranch: "002",
                                           firstAccountType: "savings")
            let opened = try await world.bank.counter.openCustomer(form, formToken: world.bank.counter.newFormToken(), by: .staff(clerk),
                                                                    client: Self.client)
            let loginPassword = try #require(opened.loginPassword)
            let confirmationPassword = try #require(opened.confirmationPassword)
            #expect(opened.customer.loginID == "yamada01" && opened.customer.nameKana == "ﾔﾏﾀﾞ ﾊﾅｺ")
            #expect(opened.customer.mobileEmail == nil)
            #expect(opened.accounts.map(\.branchCode) == ["002"] && opened.accounts.first?.accountType == .savings)
            #expect(loginPassword != confirmationPassword)
            try CredentialPolicy.validatePassword(loginPassword, loginID: "yamada01")
            guard case .success = try await world.bank.login.checkPassword(loginID: "yamada01", password: loginPassword,
                                                             client: Self.client) else {
                Issue.record("the generated login password does not log in")
                return
            }
            let rows = try await world.bank.database.read { db in try await AuditRecords.list(db, customerID: opened.customer.id, limit: 100) }
            #expect(rows.contains { $0.event == "customer_created" && $0.actor == "staff:clerk001" && $0.ip == Self.client.ip })
            #expect(rows.contains { $0.event == "account_opened" && $0.actor == "staff:clerk001" })
            #expect(!rows.contains { $0.detail.contains(loginPassword) || $0.detail.contains(confirmationPassword) })

            await #expect(throws: BankError.invalidInput([
                FieldError(field: "login_id", messageKey: "error.login_id.length"),
                FieldError(field: "name_kanji", messageKey: "error.name_kanji.invalid"),
                FieldError(field: "pc_email", messageKey: "error.mail.invalid"),
                FieldError(field: "mobile_email", messageKey: "error.mail.invalid"),
                FieldError(field: "branch", messageKey: "error.branch_not_found"),
            ])) {
                _ = try await world.bank.counter.openCustomer(
                    CounterCustomerForm(loginID: "ab1", nameKanji: " ", nameKana: "ﾔﾏﾀﾞ", pcEmail: "bad", mobileEmail: "bad@",
                                        firstAccountBranch: "123", firstAccountType: "ordinary"),
                    formToken: world.bank.counter.newFormToken(), by: .staff(clerk), client: Self.client)
            }
            await #expect(throws: BankError.invalidInput([FieldError(field: "login_id", messageKey: "error.login_id.taken")])) {
                _ = try await world.bank.counter.openCustomer(form, formToken: world.bank.counter.newFormToken(), by: .staff(clerk),
                                                               client: Self.client)
            }
            #expect(try await world.bank.counter.customers().count == 1)
        }
    }

    /// 口座開設 and 届出済み振込先 for this customer only: another customer's payee is not found
    /// and stays registered.
    @Test(arguments: TestDatabases.engines)
    func accountsAndPayeesBelongToTheirCustomer(engine: DatabaseEngine) async throws {
        try await StaffWorld.with(engine) { world in
            let party = try await Party.open(world.bank, loginID: "tanaka01", kana: "ﾀﾅｶ ﾊﾅｺ")
            let other = try await Party.open(world.bank, loginID: "suzuki02", kana: "ｽｽﾞｷ ｲﾁﾛｳ")
            let (_, clerk) = try await world.logIn(try await world.enroll("clerk001", role: .operator))
            let account = try await world.bank.counter.openAccount(customerID: party.id, branch: "001", type: "current",
                                                                    formToken: world.bank.counter.newFormToken(), by: .staff(clerk),
                                                                    client: Self.client)
            #expect(account.customerID == party.id && account.accountType == .current)
            await #expect(throws: BankError.invalidInput([FieldError(field: "branch", messageKey: "error.branch_not_found")])) {
                _ = try await world.bank.counter.openAccount(customerID: party.id, branch: "777", type: "ordinary",
                                                              formToken: world.bank.counter.newFormToken(), by: .staff(clerk),
                                                              client: Self.client)
            }
            await #expect(throws: BankError.customerNotFound) {
                _ = try await world.bank.counter.openAccount(customerID: 999_999, branch: "001", type: "ordinary",
                                                              formToken: world.bank.counter.newFormToken(), by: .staff(clerk),
                                                              client: Self.client)
            }
            let form = PayeeForm(bankCode: "2999", branchCode: "001", accountType: "ordinary",
                                 accountNumber: other.ordinary.accountNumber, holderName: "")
            let payee = try await world.bank.counter.registerBankPayee(customerID: party.id, form, by: .staff(clerk), client: Self.client)
            #expect(payee.record.kind == .bank && payee.record.holderName == "ｽｽﾞｷ ｲﾁﾛｳ")
            await #expect(throws: BankError.duplicatePayee) {
                _ = try await world.bank.counter.registerBankPayee(customerID: party.id, form, by: .staff(clerk), client: Self.client)
            }
            await #expect(throws: BankError.payeeNotFound) {
                try await world.bank.counter.removeBankPayee(customerID: other.id, payeeID: payee.record.id, by: .staff(clerk),
                                                              client: Self.client)
            }
            await #expect(throws: BankError.payeeNotFound) {
                _ = try await world.bank.counter.bankPayee(customerID: other.id, payeeID: payee.record.id, by: .staff(clerk))
            }
            #expect(try await world.bank.payees.list(by: .customer(id: party.id)).bankRegistered.count == 1)
            try await world.bank.counter.removeBankPayee(customerID: party.id, payeeID: payee.record.id, by: .staff(clerk), client: Self.client)
            #expect(try await world.bank.payees.list(by: .customer(id: party.id)).bankRegistered.isEmpty)
            let removed = try #require(try await world.audit(event: "bank_payee_removed").first)
            #expect(removed.actor == "staff:clerk001" && removed.ip == Self.client.ip && removed.userAgent == "StaffTest")
        }
    }
}

extension StaffWorld {
    /// The address-change notices in the outbox.
    func counterMails() async throws -> [OutboxMail] {
        try await bank.database.read { db in try await OutboxRecords.list(db, limit: 1_000) }.filter { $0.kind == "mail_address_changed" }
    }

    func balance(_ accountID: Int64) async throws -> Int64 {
        try await bank.database.read { db in try await AccountRecords.find(db, id: accountID)?.balance.value ?? -1 }
    }
}
