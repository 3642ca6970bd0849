import BankCore
@testable import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

@Suite struct BackOfficeAuditTests {
    static let client = StaffWorld.client

    /// 監査ログ filtered by customer (id or login ID), staff member, event and time, newest
    /// first; reading it is audited after the rows are read.
    @Test(arguments: TestDatabases.engines)
    func filters(engine: DatabaseEngine) async throws {
        try await StaffWorld.with(engine) { world in
            let tanaka = try await Party.open(world.bank, loginID: "tanaka01", kana: "ﾀﾅｶ ﾊﾅｺ")
            _ = try await Party.open(world.bank, loginID: "suzuki01", kana: "ｽｽﾞｷ ｲﾁﾛｳ")
            let start = world.clock.now()
            world.clock.advance(by: 3600)
            _ = try await world.bank.login.checkPassword(loginID: "tanaka01", password: "Wrong2026x", client: Self.client)
            _ = try await world.bank.login.checkPassword(loginID: "suzuki01", password: "Wrong2026x", client: Self.client)
            let (_, clerk) = try await world.logIn(try await world.enroll("clerk001", role: .operator))
            let (_, auditor) = try await world.logIn(try await world.enroll("audit001", role: .auditor))
            _ = try await world.bank.backOffice.customerDetail(customerID: tanaka.id, by: .staff(clerk))

            let all = try await world.bank.audit.log(AuditFilter(), limit: 1_000, by: .staff(auditor))
            #expect(all.compactMap(\.id) == all.compactMap(\.id).sorted(by: >), "newest first")
            let byCustomer = try await world.bank.audit.log(AuditFilter(customerID: tanaka.id), by: .staff(auditor))
            #expect(!byCustomer.isEmpty && byCustomer.allSatisfy { $0.customerID == tanaka.id })
            let byLoginID = try await world.bank.audit.log(AuditFilter(loginID: "TANAKA01"), by: .staff(auditor))
            // The same rows, and the auditor's own reading of them (audited against the customer).
            let ownReads = { (events: [AuditEventView]) in events.filter { $0.actor != "staff:audit001" }.map(\.id) }
            #expect(ownReads(byLoginID) == ownReads(byCustomer))
            #expect(byLoginID.first?.detail == "audit_log customer_id=\(tanaka.id) rows=\(byCustomer.count)")
            let byStaff = try await world.bank.audit.log(AuditFilter(staffID: "clerk001"), by: .staff(auditor))
            #expect(Set(byStaff.map(\.event)) == ["staff_login_password", "staff_login", "staff_view"])
            #expect(byStaff.allSatisfy { $0.actor == "staff:clerk001" })
            let logins = try await world.bank.audit.log(AuditFilter(loginID: "tanaka01", event: "login"), by: .staff(auditor))
            #expect(logins.count == 1 && logins[0].detail == "wrong_password failures=1")
            let early = try await world.bank.audit.log(AuditFilter(to: start.addingTimeInterval(1)), limit: 1_000, by: .staff(auditor))
            #expect(!early.isEmpty && early.allSatisfy { $0.at <= start })
            #expect(early.allSatisfy { $0.event == "customer_created" || $0.event == "account_opened" || $0.event == "counter_deposit" })
            let late = try await world.bank.audit.log(AuditFilter(from: start.addingTimeInterval(1)), limit: 1_000, by: .staff(auditor))
            #expect(late.allSatisfy { $0.at > start } && Set(early.map(\.id)).isDisjoint(with: late.map(\.id)))
            #expect(Set(all.map(\.id)).isSubset(of: early.map(\.id) + late.map(\.id)))
            #expect(try await world.bank.audit.log(AuditFilter(), limit: 3, by: .staff(auditor)).count == 3)
            #expect(try await world.bank.audit.log(AuditFilter(staffID: "nobody01"), by: .staff(auditor)).isEmpty)

            let reads = try await world.bank.audit.log(AuditFilter(staffID: "audit001", event: "staff_view"), limit: 1_000, by: .staff(auditor))
            #expect(reads.count == 9, "every earlier read of the log, not this one")
            #expect(reads.first?.detail == "audit_log actor=staff:nobody01 rows=0")
            let customerRead = reads.first { $0.customerID == tanaka.id }
            #expect(customerRead?.detail == "audit_log customer_id=\(tanaka.id) rows=\(byCustomer.count)")
        }
    }

    @Test func filterRefusesBadInput() async throws {
        try await StaffWorld.with(.sqlite) { world in
            let (_, staff) = try await world.logIn(try await world.enroll())
            await #expect(throws: BankError.invalidInput([
                FieldError(field: "event", messageKey: "error.audit.event_invalid"),
                FieldError(field: "from", messageKey: "error.date.order"),
            ])) {
                _ = try await world.bank.audit.log(AuditFilter(event: "login' OR 1=1", from: world.clock.now(), to: world.clock.now()),
                                                  by: .staff(staff))
            }
        }
    }

    /// CSV for Excel: BOM, header, CRLF, quotes doubled, commas and line breaks quoted,
    /// formulas defused, times in JST.
    @Test(arguments: TestDatabases.engines)
    func csvExport(engine: DatabaseEngine) async throws {
        try await StaffWorld.with(engine) { world in
            _ = try await Party.open(world.bank, loginID: "tanaka01", kana: "ﾀﾅｶ ﾊﾅｺ")
            let tricky = ClientInfo(ip: "198.51.100.9", userAgent: "=HYPERLINK(\"http://x\",\"a, b\")")
            _ = try await world.bank.login.checkPassword(loginID: "tanaka01", password: "Wrong2026x", client: tricky)
            let (_, staff) = try await world.logIn(try await world.enroll())
            let csv = try await world.bank.audit.csv(AuditFilter(loginID: "tanaka01", event: "login"), by: .staff(staff))
            #expect(csv.hasPrefix("\u{FEFF}id,at_jst,event,result,actor,customer_id,login_id,ip,user_agent,factors_in_force,factors_presented,detail,request_id,channel\r\n"))
            let lines = csv.dropFirst().components(separatedBy: "\r\n")
            #expect(lines.count == 3 && lines[2] == "", "header, one row, final CRLF")
            let row = lines[1]
            #expect(row.contains(",login,failure,customer,"))
            #expect(row.contains(",198.51.100.9,\"'=HYPERLINK(\"\"http://x\"\",\"\"a, b\"\")\",login_password,login_password,wrong_password failures=1,,web"),
                    "no request id outside a request; the client's channel")
            // ManualClock starts 2026-11-25 10:00 JST; the customer was opened then, the login an instant later.
            #expect(row.contains(",2026-11-25T10:00:00+09:00,"))
            let read = try #require(try await world.audit(event: "staff_view").first)
            #expect(read.detail == "audit_csv login_id=tanaka01 event=login rows=1")
        }
    }

    /// RFC 4180 field rules on their own.
    @Test func csvFields() {
        let event = AuditEvent(id: 7, at: Date(timeIntervalSince1970: 1_795_568_400), event: "x", result: .info, actor: "system",
                               userAgent: "line1\nline2", detail: "-1 + 2, \"quoted\"")
        let csv = AuditCSV.render([AuditEventView(event)])
        #expect(csv.hasSuffix("7,2026-11-25T10:00:00+09:00,x,info,system,,,,\"line1\nline2\",,,\"'-1 + 2, \"\"quoted\"\"\",,web\r\n"))
        #expect(AuditCSV.render([]) == AuditCSV.byteOrderMark + AuditCSV.header.joined(separator: ",") + "\r\n")
    }
}
