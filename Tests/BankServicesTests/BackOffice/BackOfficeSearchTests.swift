import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

@Suite struct BackOfficeSearchTests {
    static let client = StaffWorld.client

    /// 顧客検索 by each key (prefixes; kana typed as hiragana or full-width, with or without
    /// the space), by several at once, and with no match. Every search is audited.
    @Test(arguments: TestDatabases.engines)
    func searchByEachKey(engine: DatabaseEngine) async throws {
        try await StaffWorld.with(engine) { world in
            let tanaka = try await Party.open(world.bank, loginID: "tanaka01", kana: "ﾀﾅｶ ﾊﾅｺ")
            let tanabe = try await Party.open(world.bank, loginID: "tanabe02", kana: "ﾀﾅﾍﾞ ｼﾞﾛｳ")
            _ = try await Party.open(world.bank, loginID: "suzuki01", kana: "ｽｽﾞｷ ｲﾁﾛｳ")
            let (_, staff) = try await world.logIn(try await world.enroll("clerk001", role: .operator))
            // Sorted here: the order of kana names is the database collation's.
            func search(_ query: CustomerSearchQuery) async throws -> [String] {
                try await world.bank.backOffice.search(query, by: .staff(staff), client: Self.client).map(\.loginID).sorted()
            }
            #expect(try await search(CustomerSearchQuery(loginID: "TANA")) == ["tanabe02", "tanaka01"])
            #expect(try await search(CustomerSearchQuery(loginID: "ｔａｎａｋａ")) == ["tanaka01"])
            #expect(try await search(CustomerSearchQuery(nameKana: "たなか")) == ["tanaka01"])
            #expect(try await search(CustomerSearchQuery(nameKana: "タナカハナ")) == ["tanaka01"])
            #expect(try await search(CustomerSearchQuery(nameKana: "ﾀﾅ")) == ["tanabe02", "tanaka01"])
            #expect(try await search(CustomerSearchQuery(accountNumber: tanabe.savings.accountNumber)).contains("tanabe02"))
            #expect(try await search(CustomerSearchQuery(loginID: "tana", accountNumber: tanaka.ordinary.accountNumber)) == ["tanaka01"])
            #expect(try await search(CustomerSearchQuery(nameKana: "ｽｽﾞｷ", accountNumber: "7654321")) == [])
            #expect(try await search(CustomerSearchQuery(loginID: "zzz")) == [])

            let found = try await world.bank.backOffice.search(CustomerSearchQuery(loginID: "tanaka01"), by: .staff(staff), client: Self.client)
            #expect(found.count == 1)
            #expect(found[0].nameKanji == "試験 太郎" && found[0].pcEmail == "tanaka01@example.jp")
            #expect(found[0].mobileEmail == "tanaka01.mobile@example.jp")
            #expect(found[0].accounts.map(\.accountNumber) == [tanaka.ordinary.accountNumber, tanaka.savings.accountNumber])
            #expect(found[0].accounts[0].balance == Yen(1_000_000))

            let views = try await world.audit(event: "staff_view")
            #expect(views.allSatisfy { $0.actor == "staff:clerk001" && $0.ip == Self.client.ip && $0.userAgent == "StaffTest" })
            let nothing = views.filter { $0.detail == "customer_search login_id=zzz results=0" }
            #expect(nothing.count == 1 && nothing[0].customerID == nil)
            let both = views.filter { $0.detail == "customer_search name_kana=ﾀﾅ results=2" }
            #expect(Set(both.compactMap(\.customerID)) == [tanaka.id, tanabe.id], "one row per customer shown")
        }
    }

    /// No key, or a key that cannot match, is refused with the field to correct; LIKE's
    /// wildcards are not wildcards.
    @Test func searchRefusesBadKeys() async throws {
        try await StaffWorld.with(.sqlite) { world in
            _ = try await Party.open(world.bank, loginID: "tanaka01", kana: "ﾀﾅｶ ﾊﾅｺ")
            let (_, staff) = try await world.logIn(try await world.enroll())
            await #expect(throws: BankError.invalidInput([FieldError(field: "query", messageKey: "error.search.empty")])) {
                _ = try await world.bank.backOffice.search(CustomerSearchQuery(loginID: " ", nameKana: "", accountNumber: nil), by: .staff(staff))
            }
            await #expect(throws: BankError.invalidInput([
                FieldError(field: "login_id", messageKey: "error.login_id.characters"),
                FieldError(field: "name_kana", messageKey: "error.kana.invalid"),
                FieldError(field: "account_number", messageKey: "error.account_number.invalid"),
            ])) {
                _ = try await world.bank.backOffice.search(CustomerSearchQuery(loginID: "ta%", nameKana: "田中", accountNumber: "12"),
                                                         by: .staff(staff))
            }
            await #expect(throws: BankError.invalidInput([FieldError(field: "name_kana", messageKey: "error.kana.invalid")])) {
                _ = try await world.bank.backOffice.search(CustomerSearchQuery(nameKana: "ﾀ_"), by: .staff(staff))
            }
            #expect(try await world.audit(event: "staff_view").isEmpty, "a refused search shows nothing and records nothing")
        }
    }

    /// 顧客詳細 shows personal data, accounts with balances, the extra factor, every lock with
    /// its counter, recent logins with their factors, transfers and both kinds of payee; the
    /// view is audited against the customer.
    @Test(arguments: TestDatabases.engines)
    func customerDetailContents(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { transfers in
            let world = StaffWorld(world: transfers.world)
            let payer = transfers.payer
            for _ in 0..<2 {
                #expect(try await world.bank.login.checkPassword(loginID: "tanaka01", password: "Wrong2026x", client: Self.client) == .invalidCredentials)
            }
            _ = try await world.bank.counter.registerBankPayee(loginID: "tanaka01", PayeeForm(
                bankCode: "0998", branchCode: "201", accountType: "ordinary", accountNumber: "1234567", holderName: "ﾀﾅｶ ﾀﾛｳ"),
                by: .operator(name: "test"))
            let sent = try await transfers.transfer(payer, from: payer.ordinary, to: payer.typed(transfers.payee.ordinary), amount: "12000")
            let (_, staff) = try await world.logIn(try await world.enroll("audit001", role: .auditor))

            let detail = try await world.bank.backOffice.customerDetail(customerID: payer.id, by: .staff(staff), client: Self.client)
            #expect(detail.customer.loginID == "tanaka01" && detail.customer.pcEmail == "tanaka01@example.jp")
            #expect(detail.customer.mobileEmail == "tanaka01.mobile@example.jp")
            #expect(detail.accounts.map(\.accountNumber) == [payer.ordinary.accountNumber, payer.savings.accountNumber])
            #expect(detail.accounts[0].balance == Yen(1_000_000 - 12_000 - sent.transfer.fee.value))
            #expect(detail.factors.state == .none && detail.factors.token == nil && detail.factors.mailPassword == nil)
            #expect(detail.credentials.map(\.credential) == Credential.allCases)
            let login = try #require(detail.credentials.first { $0.credential == .loginPassword })
            #expect(login.failures == 2 && !login.isLocked)
            #expect(detail.recentLogins.count == 2)
            #expect(detail.recentLogins.allSatisfy { $0.event == "login" && $0.result == .failure && $0.factors.presented == [.loginPassword] })
            #expect(detail.recentTransfers.map(\.receptionNumber) == [sent.transfer.receptionNumber])
            #expect(detail.payees.bankRegistered.map(\.record.accountNumber) == ["1234567"])
            #expect(detail.payees.customerRegistered.isEmpty)
            #expect(detail.dailyLimit.limit == Yen(1_000_000) && detail.dailyLimit.remainingToday == Yen(988_000))
            #expect(detail.compensationNow.rule == .mayBeReduced)

            let view = try #require(try await world.audit(event: "staff_view").first)
            #expect(view.customerID == payer.id && view.loginID == "tanaka01" && view.actor == "staff:audit001")
            #expect(view.detail == "customer_detail" && view.ip == Self.client.ip)

            await #expect(throws: BankError.customerNotFound) {
                _ = try await world.bank.backOffice.customerDetail(customerID: 999_999, by: .staff(staff))
            }
        }
    }

    /// Every role reads; a disabled member of staff (a stale record) reads nothing, and the
    /// refusal shows nothing.
    @Test func rolesAndDisabledStaff() async throws {
        try await StaffWorld.with(.sqlite) { world in
            let party = try await Party.open(world.bank, loginID: "tanaka01", kana: "ﾀﾅｶ ﾊﾅｺ")
            for (staffID, role) in [("oper0001", StaffRole.operator), ("chief001", .supervisor), ("audit001", .auditor)] {
                let (_, staff) = try await world.logIn(try await world.enroll(staffID, role: role))
                #expect(try await world.bank.backOffice.customerDetail(customerID: party.id, by: .staff(staff)).customer.id == party.id)
                try BankActor.staff(staff).requireStaff(StaffRole.readers)
            }
            let auditor = try await world.staff("audit001")
            #expect(throws: BankError.staff(.forbidden)) { try BankActor.staff(auditor.identity).requireStaff([.operator, .supervisor]) }
            let disabled = try await world.bank.staff.disable(staffID: "oper0001", by: .operator(name: "test"))
            let before = try await world.audit(event: "staff_view").count
            await expectStaffRefusal(.forbidden) { _ = try await world.bank.backOffice.customerDetail(customerID: party.id, by: .staff(disabled.identity)) }
            await expectStaffRefusal(.forbidden) {
                _ = try await world.bank.backOffice.search(CustomerSearchQuery(loginID: "tanaka01"), by: .staff(disabled.identity))
            }
            await expectStaffRefusal(.forbidden) { _ = try await world.bank.audit.log(AuditFilter(), by: .staff(disabled.identity)) }
            await expectStaffRefusal(.forbidden) {
                _ = try await world.bank.compensation.report(customerID: party.id, from: Date(timeIntervalSince1970: 0),
                                                            to: world.clock.now(), by: .staff(disabled.identity))
            }
            #expect(try await world.audit(event: "staff_view").count == before)
        }
    }
}
