import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// 全銀ファイル作成: the day's 受付済 transfers to other banks leave as one 総合振込 file, each
/// marked 送信済 with the file's name in the same transaction, never twice.
@Suite struct InterbankExportTests {
    static let clerk = BankActor.operator(name: "clerk")
    static let today = JapanTime.Day(year: 2026, month: 11, day: 25)!

    /// A record's bytes as text (JIS X 0201 half-width kana back to U+FF61…).
    static func text(_ bytes: ArraySlice<UInt8>) -> String {
        String(String.UnicodeScalarView(bytes.map { $0 >= 0xA1 ? Unicode.Scalar(0xFF61 + UInt32($0) - 0xA1)! : Unicode.Scalar($0) }))
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: width - text.unicodeScalars.count)
    }

    @Test(arguments: TestDatabases.engines)
    func theDaysTransfersLeaveOnceInOneFile(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let first = try await world.transfer(world.payer, from: world.payer.ordinary, to: TransferWorld.otherBank, amount: "40000").transfer
            let second = try await world.transfer(world.payer, from: world.payer.ordinary, to: TransferWorld.otherBank, amount: "1234").transfer
            _ = try await world.transfer(world.payer, from: world.payer.ordinary, to: world.payer.typed(world.payee.ordinary), amount: "500")
            let file = try #require(try await world.bank.interbank.export(date: Self.today, by: Self.clerk))
            #expect(file.name == "SOGOFURI_2999_20261125_01.dat")
            #expect(file.transfers == 2 && file.totalAmount == Yen(41_234) && file.transferDate == "2026-11-25")
            let bytes = Array(file.content)
            #expect(bytes.count == 5 * 120, "header, two transfers, trailer, end; no line ends by default")
            let header = Self.text(bytes[0..<120])
            #expect(header == "1" + "21" + "0" + "0000000000" + Self.pad("ﾀｺｳｶﾝｹﾂｻｲ", 40) + "1125" + "2999" + Self.pad("ｷﾖｳｴｲｼﾝｸﾐ", 15)
                    + "001" + Self.pad("ﾎﾝﾃﾝ", 15) + "2" + "9000002" + Self.pad("", 17), "依頼人: the clearing account, small kana enlarged")
            let data = Self.text(bytes[120..<240])
            #expect(data == "2" + "0998" + Self.pad("ｶｸｳｻﾝﾌﾟﾙｷﾞﾝｺｳ", 15) + "100" + Self.pad("ﾎﾝﾃﾝｴｲｷﾞﾖｳﾌﾞ", 15) + "0000" + "1" + "7654321"
                    + Self.pad("ｶｸｳ ｼﾞﾛｳ", 30) + "0000040000" + "0" + String(format: "%010lld", first.id)
                    + "0000000000" + "7" + " " + Self.pad("", 7))
            #expect(Self.text(bytes[360..<480]) == "8" + "000002" + "000000041234" + String(repeating: " ", count: 101))
            #expect(Self.text(bytes[480...]) == "9" + String(repeating: " ", count: 119), "the end record")

            let carried = try await world.bank.database.read { db in try await InterbankFileRecords.transfers(db, file: file.name) }
            #expect(carried.map(\.id) == [first.id, second.id])
            #expect(carried.allSatisfy { $0.status == .sent && $0.statusChangedAt == world.clock.now() })
            let sentAudit = try await world.audit(event: "interbank_sent")
            #expect(sentAudit.count == 2 && sentAudit.allSatisfy { $0.detail.hasSuffix("file=\(file.name)") })
            #expect(try await world.audit(event: "interbank_exported").first?.detail == "file=\(file.name) count=2 total=41234")

            // Again the same day: nothing is written twice.
            let before = try await TableDump.take(world.bank.database)
            #expect(try await world.bank.interbank.export(date: Self.today, by: Self.clerk) == nil)
            #expect(before.changes(to: try await TableDump.take(world.bank.database)).isEmpty)
            // A transfer made later that day goes in a second file, alone.
            let later = try await world.transfer(world.payer, from: world.payer.ordinary, to: TransferWorld.otherBank, amount: "700").transfer
            let next = try #require(try await world.bank.interbank.export(date: Self.today, by: Self.clerk))
            #expect(next.name == "SOGOFURI_2999_20261125_02.dat" && next.transfers == 1 && next.totalAmount == Yen(700))
            #expect(try await world.bank.database.read { db in try await InterbankFileRecords.transfers(db, file: next.name) }.map(\.id) == [later.id])
            try await world.expectLedgerConsistent()
        }
    }

    @Test(arguments: TestDatabases.engines)
    func reexportIsTheSameBytesAndAudited(engine: DatabaseEngine) async throws {
        var settings = TransferWorld.settings()
        settings.zengin = ZenginSettings(encoding: .shiftJIS, lineEnding: true, requesterCode: "123")
        try await TransferWorld.with(engine, settings: settings) { world in
            _ = try await world.transfer(world.payer, from: world.payer.ordinary, to: TransferWorld.otherBank, amount: "3000")
            let file = try #require(try await world.bank.interbank.export(date: Self.today, by: Self.clerk))
            #expect(file.content.count == 4 * 122 && file.encoding == "sjis" && file.lineEnding)
            #expect(Array(file.content[120..<122]) == [0x0D, 0x0A])
            #expect(Self.text(Array(file.content)[4..<14]) == "0000000123")
            let again = try await world.bank.interbank.reexport(name: file.name, by: Self.clerk)
            #expect(again.content == file.content && again.sha256 == file.sha256)
            #expect(try await world.audit(event: "interbank_file_reexported").first?.detail == "file=\(file.name) count=1 total=3000")
            await #expect(throws: BankError.invalidInput([FieldError(field: "file", messageKey: "error.interbank.file_not_found")])) {
                try await world.bank.interbank.reexport(name: "NO_SUCH.dat", by: Self.clerk)
            }
            #expect(try await world.bank.interbank.files(by: Self.clerk).map(\.name) == [file.name])
        }
    }

    @Test(arguments: TestDatabases.engines)
    func markedByHandOrReturnedIsNotExportedAndAWeekendDayGoesOnMonday(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let byHand = try await world.transfer(world.payer, from: world.payer.ordinary, to: TransferWorld.otherBank, amount: "100").transfer
            _ = try await world.bank.interbank.markSent(id: byHand.id, by: Self.clerk)
            let returned = try await world.transfer(world.payer, from: world.payer.ordinary, to: TransferWorld.otherBank, amount: "200").transfer
            _ = try await world.bank.interbank.returnTransfer(id: returned.id, reason: "口座なし", by: Self.clerk)
            #expect(try await world.bank.interbank.export(date: Self.today, by: Self.clerk) == nil)
            // Saturday 2026-11-28: the file's 振込指定日 is Monday 11/30.
            world.clock.advance(by: 3 * 86_400)
            _ = try await world.transfer(world.payer, from: world.payer.ordinary, to: TransferWorld.otherBank, amount: "300")
            let saturday = JapanTime.Day(year: 2026, month: 11, day: 28)!
            #expect(try await world.bank.interbank.export(date: Self.today, by: Self.clerk) == nil, "not accepted by the 25th")
            let file = try #require(try await world.bank.interbank.export(date: saturday, by: Self.clerk))
            #expect(file.transferDate == "2026-11-30" && Self.text(Array(file.content)[54..<58]) == "1130")
            try await world.expectLedgerConsistent()
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aNameTheFileCannotCarryIsRefusedAtTransferTime(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let before = try await world.snapshot()
            for (name, key) in [("ｽｰﾊﾟｰ ﾀﾛｳ", "error.transfer.zengin_name_character"),
                                (String(repeating: "ﾀﾞ", count: 15) + "ｱ", "error.transfer.zengin_name_too_long")] {
                let choice = DestinationChoice.other(bankCode: "0998", branchCode: "100", accountType: "ordinary",
                                                     accountNumber: "7654321", holderName: name)
                await #expect(throws: BankError.invalidInput([FieldError(field: "holder_name", messageKey: key)])) {
                    try await world.bank.transfers.prepare(by: .customer(id: world.payer.id), sessionCookie: TransferWorld.cookie(),
                                                           sourceAccountID: world.payer.ordinary.id, choice: choice, amount: "1000")
                }
            }
            // Small kana are enlarged on the way in, and 30 characters fit.
            let enlarged = DestinationChoice.other(bankCode: "0998", branchCode: "100", accountType: "ordinary",
                                                   accountNumber: "7654321", holderName: "ｷｬﾉﾝ " + String(repeating: "ｱ", count: 25))
            let transfer = try await world.transfer(world.payer, from: world.payer.ordinary, to: enlarged, amount: "1000").transfer
            #expect(transfer.holderName == "ｷﾔﾉﾝ " + String(repeating: "ｱ", count: 25))
            #expect(try await world.snapshot() != before)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func onlyTheCounterMayExport(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let viewer = BankActor.staff(StaffIdentity(id: 9, loginID: "view01", name: "閲覧 花子", role: .auditor))
            await #expect(throws: BankError.staff(.forbidden)) {
                try await world.bank.interbank.export(date: Self.today, by: viewer)
            }
            await #expect(throws: BankError.staff(.forbidden)) {
                try await world.bank.interbank.export(date: Self.today, by: .customer(id: world.payer.id))
            }
        }
    }
}
