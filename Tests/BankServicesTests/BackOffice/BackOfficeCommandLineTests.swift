import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// The command line (`kyoei admin … --staff NAME`) and the back office run the same use case
/// for 再送, 送信済 and 返却: the command line's operator may, its refusals are audited like a
/// member of staff's (without a role), and it keeps the answers its scripts read.
@Suite struct BackOfficeCommandLineTests {
    typealias Office = BackOfficeOperationsTests.Office
    static let clerk = BankActor.operator(name: "clerk")

    @Test(arguments: TestDatabases.engines)
    func mailRetryFromTheCommandLine(engine: DatabaseEngine) async throws {
        try await Office.with(engine) { office in
            let failed = try await office.failedMail()
            let retried = try await office.bank.mailOutbox.retry(id: failed, by: Self.clerk)
            #expect(retried.status == .queued && retried.attempts == 0)
            await #expect(throws: BankError.mailNotRetryable, "a queued mail is not retried by hand") {
                try await office.bank.mailOutbox.retry(id: failed, by: Self.clerk)
            }
            let rows = try await office.audit("mail_retry")
            #expect(rows.map(\.actor) == ["staff:clerk", "staff:clerk"])
            #expect(rows.map(\.result) == [.refused, .success], "newest first")
            #expect(rows.first?.detail == "id=\(failed) refused=status status=queued")
            #expect(rows.last?.userAgent == "kyoei-cli")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func interbankChangesFromTheCommandLine(engine: DatabaseEngine) async throws {
        try await Office.with(engine) { office in
            let transfer = try await office.otherBankTransfer()
            _ = try await office.bank.interbank.markSent(id: transfer.id, by: Self.clerk)
            await #expect(throws: BankError.transferStatus("sent")) {
                try await office.bank.interbank.markSent(id: transfer.id, by: Self.clerk)
            }
            let refused = try #require(try await office.audit("interbank_sent").first)
            #expect(refused.result == .refused && refused.actor == "staff:clerk")
            #expect(refused.detail == "id=\(transfer.id) reception=\(transfer.receptionNumber) refused=status status=sent")
            let returned = try await office.bank.interbank.returnTransfer(id: transfer.id, reason: "口座なし", by: Self.clerk)
            #expect(returned.status == .returned)
        }
    }

    /// A customer is no operator: the back office's changes refuse anyone but staff and the command line.
    @Test func aCustomerMayNotOperate() async throws {
        try await Office.with(.sqlite) { office in
            let failed = try await office.failedMail()
            await #expect(throws: BankError.staff(.forbidden)) {
                try await office.bank.mailOutbox.retry(id: failed, by: .customer(id: office.world.payer.id))
            }
        }
    }
}
