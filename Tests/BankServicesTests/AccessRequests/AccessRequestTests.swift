import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// Maker-checker on the service: a change that restores access takes effect only when a 役席
/// other than the one who asked approves it; auditors and operators cannot approve; every
/// request, decision and refused decision is audited.
@Suite struct AccessRequestTests {
    static let client = ClientInfo(ip: "192.0.2.70", userAgent: "AccessRequestTest")

    /// The staff of one branch: a clerk (事務担当), two 役席 and an auditor, logged in.
    struct Office {
        let clerk: StaffIdentity
        let chief: StaffIdentity
        let deputy: StaffIdentity
        let auditor: StaffIdentity

        static func open(_ world: TransferWorld) async throws -> Office {
            let staffWorld = StaffWorld(world: world.world)
            func member(_ id: String, _ role: StaffRole) async throws -> StaffIdentity {
                try await staffWorld.logIn(try await staffWorld.enroll(id, role: role)).staff
            }
            return Office(clerk: try await member("clerk001", .operator), chief: try await member("chief001", .supervisor),
                          deputy: try await member("deputy01", .supervisor), auditor: try await member("audit001", .auditor))
        }
    }

    func loginStage(_ world: TransferWorld) async throws -> SessionStage? {
        guard case .success(let ticket) = try await world.bank.login.checkPassword(
            loginID: world.payer.customer.loginID, password: SeededCustomer.loginPassword, client: Self.client) else { return nil }
        return ticket.stage
    }

    func lostPhoneForm(reason: String = "スマートフォン紛失（来店）") -> AccessRequestForm {
        AccessRequestForm(kind: .otpReset, reason: reason, identityDocument: "drivers_license", identityNote: "番号末尾 1234")
    }

    /// Lost phone: after the clerk's request the customer still needs the OTP; operators,
    /// auditors and the clerk cannot approve it; once a 役席 approves, the token is ended,
    /// the customer is mailed and logs in with the password alone.
    @Test(arguments: TestDatabases.engines)
    func lostPhoneResetOnlyAfterApproval(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let helper = BackOfficeCompensationTests()
            _ = try await helper.activateOTP(world, world.payer)
            let office = try await Office.open(world)
            let bank = world.bank
            #expect(try await loginStage(world) == .otpPending)

            let request = try await bank.accessRequests.request(customerID: world.payer.id, lostPhoneForm(), by: .staff(office.clerk),
                                                             client: Self.client)
            #expect(request.status == .pending && request.identityDocument == .driversLicense)
            #expect(request.requestedByStaffID == "clerk001" && request.customerLoginID == "tanaka01")
            #expect(try await loginStage(world) == .otpPending, "a request alone changes nothing")

            for refused in [office.clerk, office.auditor] {
                await #expect(throws: BankError.accessRequest(.notApprover)) {
                    _ = try await bank.accessRequests.approve(id: request.id, note: "", by: .staff(refused), client: Self.client)
                }
            }
            #expect(try await loginStage(world) == .otpPending)
            #expect(try await bank.accessRequests.find(id: request.id, by: .staff(office.chief)).status == .pending)

            world.clock.advance(by: 60)
            let approved = try await bank.accessRequests.approve(id: request.id, note: "本人確認済み", by: .staff(office.chief), client: Self.client)
            #expect(approved.status == .approved && approved.decidedByStaffID == "chief001" && approved.outcome.hasPrefix("token_ended="))
            #expect(try await loginStage(world) == .authenticated, "password alone after the approval")
            #expect(try await world.outbox(kind: "otp_reset").count == 1, "the customer is told by mail")

            let reset = try await world.audit(world.payer, event: "otp_reset")
            #expect(reset.count == 1 && reset[0].actor == "staff:chief001" && reset[0].ip == Self.client.ip)
            #expect(reset[0].detail.contains("request=\(request.id) requested_by=clerk001"))
            #expect(try await world.audit(world.payer, event: "access_requested").count == 1)
            let decisions = try await world.audit(world.payer, event: "access_request_approved")
            #expect(decisions.filter { $0.result == .success }.map(\.actor) == ["staff:chief001"])
            let refused = try await world.bank.database.read { db in
                try await AuditRecords.list(db, event: "access_request_approved", limit: 10)
            }.filter { $0.result == .refused }
            #expect(Set(refused.map(\.actor)) == ["staff:clerk001", "staff:audit001"])
        }
    }

    /// A 役席's own request: the same 役席 cannot approve it (audited), another can; a second
    /// approval (also two at once) does nothing.
    @Test(arguments: TestDatabases.engines)
    func selfApprovalRefusedAndOneDecisionWins(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let office = try await Office.open(world)
            let bank = world.bank
            let limit = try await bank.accessRequests.changeTransferLimit(customerID: world.payer.id, amount: "3,000,000", reason: "事業資金の支払",
                                                          by: .staff(office.chief), client: Self.client)
            guard case .requested(let request) = limit else { Issue.record("raising must be a request"); return }
            await #expect(throws: BankError.accessRequest(.ownRequest)) {
                _ = try await bank.accessRequests.approve(id: request.id, note: "", by: .staff(office.chief), client: Self.client)
            }
            #expect(try await bank.transferLimits.status(by: .customer(id: world.payer.id)).limit == Yen(1_000_000))

            let racers = [office.deputy, office.deputy, office.deputy, office.deputy]
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for racer in racers {
                    group.addTask {
                        (try? await bank.accessRequests.approve(id: request.id, note: "", by: .staff(racer), client: Self.client)) != nil
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1, "exactly one approval")
            #expect(try await bank.transferLimits.status(by: .customer(id: world.payer.id)).limit == Yen(3_000_000))
            let changes = try await world.audit(world.payer, event: "transfer_limit_changed")
            #expect(changes.count == 1 && changes[0].actor == "staff:deputy01" && changes[0].detail.hasPrefix("from=1000000 to=3000000"))
            await #expect(throws: BankError.accessRequest(.alreadyDecided)) {
                _ = try await bank.accessRequests.reject(id: request.id, note: "遅れて却下", by: .staff(office.deputy), client: Self.client)
            }
            let own = try await world.bank.database.read { db in
                try await AuditRecords.list(db, event: "access_request_approved", limit: 20)
            }.filter { $0.result == .refused && $0.actor == "staff:chief001" }
            #expect(own.count == 1 && own[0].detail.contains("refused=own_request"))
        }
    }

    /// Lowering the limit applies at once (no request); raising waits; back to a higher
    /// default waits too; bad amounts and a missing reason are refused with nothing changed.
    @Test(arguments: TestDatabases.engines)
    func limitLoweredAtOnceRaisedByRequest(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let office = try await Office.open(world)
            let bank = world.bank
            let id = world.payer.id
            #expect(try await bank.accessRequests.changeTransferLimit(customerID: id, amount: "３００，０００", reason: "お客様のご希望", by: .staff(office.clerk),
                                                       client: Self.client) == .applied(Yen(300_000)))
            #expect(try await bank.accessRequests.list(status: .pending, by: .staff(office.clerk)).isEmpty)
            guard case .requested(let back) = try await bank.accessRequests.changeTransferLimit(customerID: id, amount: "", reason: "元に戻す",
                                                                                 by: .staff(office.clerk), client: Self.client) else {
                Issue.record("back to the higher default must be a request"); return
            }
            #expect(back.amount == nil && back.kind == .transferLimit)
            await #expect(throws: BankError.accessRequest(.duplicate)) {
                _ = try await bank.accessRequests.changeTransferLimit(customerID: id, amount: "900000", reason: "再申請", by: .staff(office.clerk), client: Self.client)
            }
            await #expect(throws: BankError.invalidInput([FieldError(field: "amount", messageKey: "error.amount.not_a_number"),
                                                          FieldError(field: "reason", messageKey: "error.access_request.reason")])) {
                _ = try await bank.accessRequests.changeTransferLimit(customerID: id, amount: "abc", reason: " ", by: .staff(office.clerk), client: Self.client)
            }
            await #expect(throws: BankError.staff(.forbidden)) {
                _ = try await bank.accessRequests.changeTransferLimit(customerID: id, amount: "1", reason: "監査", by: .staff(office.auditor), client: Self.client)
            }
            let refusedChange = try await world.audit(world.payer, event: "transfer_limit_changed").filter { $0.result == .refused }
            #expect(refusedChange.count == 1 && refusedChange[0].actor == "staff:audit001" && refusedChange[0].ip == Self.client.ip,
                    "an auditor's attempt is in the audit trail")
            #expect(try await bank.transferLimits.status(by: .customer(id: id)).limit == Yen(300_000))
            _ = try await bank.accessRequests.approve(id: back.id, note: "", by: .staff(office.chief), client: Self.client)
            let status = try await bank.transferLimits.status(loginID: "tanaka01")
            #expect(status.limit == Yen(1_000_000) && status.isDefault)
        }
    }

    /// Unlock: only a locked credential; one pending request per credential; approved, the
    /// customer logs in again.
    @Test(arguments: TestDatabases.engines)
    func unlockByRequest(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let office = try await Office.open(world)
            let bank = world.bank
            let id = world.payer.id
            let form = AccessRequestForm(kind: .unlock, credential: "login_password", reason: "ご本人から電話")
            await #expect(throws: BankError.accessRequest(.notLocked)) {
                _ = try await bank.accessRequests.request(customerID: id, form, by: .staff(office.clerk), client: Self.client)
            }
            for _ in 0..<5 {
                _ = try await bank.login.checkPassword(loginID: "tanaka01", password: "wrong-password-1", client: Self.client)
            }
            #expect(try await bank.login.checkPassword(loginID: "tanaka01", password: SeededCustomer.loginPassword, client: Self.client) == .locked)
            let request = try await bank.accessRequests.request(customerID: id, form, by: .staff(office.clerk), client: Self.client)
            await #expect(throws: BankError.accessRequest(.duplicate)) {
                _ = try await bank.accessRequests.request(customerID: id, form, by: .staff(office.chief), client: Self.client)
            }
            #expect(try await world.credential(world.payer, .loginPassword).isLocked, "still locked until approved")
            let approved = try await bank.accessRequests.approve(id: request.id, note: "", by: .staff(office.deputy), client: Self.client)
            #expect(approved.outcome == "cleared=login_password")
            #expect(try await world.credential(world.payer, .loginPassword).failures == 0)
            #expect(try await loginStage(world) == .authenticated)
        }
    }

    /// メール通知パスワードの利用停止: approved, the setting ends and the address is told; when
    /// the customer turned it off in the meantime, the approval fails and the request stays pending.
    @Test(arguments: TestDatabases.engines)
    func mailPasswordStopByRequest(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let office = try await Office.open(world)
            let bank = world.bank
            let id = world.payer.id
            let form = AccessRequestForm(kind: .mailPasswordOff, reason: "メールアドレス使用不可")
            await #expect(throws: BankError.factor(.mailPasswordOff)) {
                _ = try await bank.accessRequests.request(customerID: id, form, by: .staff(office.clerk), client: Self.client)
            }
            try await bank.database.transaction { db in
                try await MailPasswordSettingRecords.enable(db, customerID: id, address: "tanaka01@example.jp", at: world.clock.now())
            }
            let first = try await bank.accessRequests.request(customerID: id, form, by: .staff(office.clerk), client: Self.client)
            _ = try await bank.accessRequests.approve(id: first.id, note: "", by: .staff(office.chief), client: Self.client)
            #expect(try await bank.mailPassword.setting(by: .customer(id: id)).current == nil)
            let notices = try await world.outbox(kind: "mail_password_off")
            #expect(notices.count == 1 && notices[0].recipients == ["tanaka01@example.jp"])

            try await bank.database.transaction { db in
                try await MailPasswordSettingRecords.enable(db, customerID: id, address: "tanaka01@example.jp", at: world.clock.now())
            }
            let second = try await bank.accessRequests.request(customerID: id, form, by: .staff(office.clerk), client: Self.client)
            try await bank.database.transaction { db in _ = try await MailPasswordSettingRecords.disable(db, customerID: id) }
            await #expect(throws: BankError.factor(.mailPasswordOff)) {
                _ = try await bank.accessRequests.approve(id: second.id, note: "", by: .staff(office.chief), client: Self.client)
            }
            #expect(try await bank.accessRequests.find(id: second.id, by: .staff(office.chief)).status == .pending)
            #expect(try await world.outbox(kind: "mail_password_off").count == 1, "nothing more was sent")
        }
    }

    /// Bad input and refusals before anything is stored: no reason, no identity document,
    /// "other" without a note, an auditor asking; reject needs a note; only the one who asked
    /// withdraws.
    @Test func refusalsChangeNothing() async throws {
        try await TransferWorld.with(.sqlite) { world in
            let helper = BackOfficeCompensationTests()
            _ = try await helper.activateOTP(world, world.payer)
            let office = try await Office.open(world)
            let bank = world.bank
            let id = world.payer.id
            await #expect(throws: BankError.invalidInput([
                FieldError(field: "reason", messageKey: "error.access_request.reason"),
                FieldError(field: "identity_document", messageKey: "error.access_request.identity"),
            ])) {
                _ = try await bank.accessRequests.request(customerID: id, AccessRequestForm(kind: .otpReset, reason: "  "),
                                                       by: .staff(office.clerk), client: Self.client)
            }
            await #expect(throws: BankError.invalidInput([FieldError(field: "identity_note", messageKey: "error.access_request.identity_note")])) {
                _ = try await bank.accessRequests.request(customerID: id, AccessRequestForm(kind: .otpReset, reason: "紛失", identityDocument: "other"),
                                                       by: .staff(office.clerk), client: Self.client)
            }
            await #expect(throws: BankError.staff(.forbidden)) {
                _ = try await bank.accessRequests.request(customerID: id, lostPhoneForm(), by: .staff(office.auditor), client: Self.client)
            }
            await #expect(throws: BankError.customerNotFound) {
                _ = try await bank.accessRequests.request(customerID: 999_999, lostPhoneForm(), by: .staff(office.clerk), client: Self.client)
            }
            let refusedAsk = try await world.audit(world.payer, event: "access_requested")
            #expect(refusedAsk.count == 1 && refusedAsk[0].result == .refused && refusedAsk[0].actor == "staff:audit001",
                    "an auditor's request is refused and audited; bad input is not a request at all")
            #expect(try await bank.accessRequests.list(status: nil, by: .staff(office.auditor)).isEmpty)

            let request = try await bank.accessRequests.request(customerID: id, lostPhoneForm(), by: .staff(office.clerk), client: Self.client)
            await #expect(throws: BankError.invalidInput([FieldError(field: "note", messageKey: "error.access_request.reject_note")])) {
                _ = try await bank.accessRequests.reject(id: request.id, note: "", by: .staff(office.chief), client: Self.client)
            }
            await #expect(throws: BankError.accessRequest(.notRequester)) {
                _ = try await bank.accessRequests.withdraw(id: request.id, by: .staff(office.chief), client: Self.client)
            }
            await #expect(throws: BankError.accessRequest(.notFound)) {
                _ = try await bank.accessRequests.approve(id: request.id + 100, note: "", by: .staff(office.chief), client: Self.client)
            }
            let withdrawn = try await bank.accessRequests.withdraw(id: request.id, by: .staff(office.clerk), client: Self.client)
            #expect(withdrawn.status == .withdrawn && withdrawn.decidedByStaffID == "clerk001")
            await #expect(throws: BankError.accessRequest(.alreadyDecided)) {
                _ = try await bank.accessRequests.approve(id: request.id, note: "", by: .staff(office.chief), client: Self.client)
            }
            #expect(try await loginStage(world) == .otpPending, "nothing was reset")
            let again = try await bank.accessRequests.request(customerID: id, lostPhoneForm(), by: .staff(office.clerk), client: Self.client)
            let rejected = try await bank.accessRequests.reject(id: again.id, note: "本人確認不十分", by: .staff(office.chief), client: Self.client)
            #expect(rejected.status == .rejected && rejected.decisionNote == "本人確認不十分")
            #expect(try await loginStage(world) == .otpPending)
            #expect(try await bank.accessRequests.list(status: .pending, by: .staff(office.auditor)).isEmpty)
            #expect(try await bank.accessRequests.list(status: nil, customerID: id, by: .staff(office.auditor)).count == 2)
        }
    }
}
