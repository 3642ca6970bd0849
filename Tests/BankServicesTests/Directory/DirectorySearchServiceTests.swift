import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// 金融機関・支店の検索 as a use case, over the stored master on both engines: what is found,
/// in what order, the cut at `searchLimit`, the major banks, and refusals by field.
@Suite struct DirectorySearchServiceTests {
    static func customer(_ world: TransferWorld) -> BankActor { .customer(id: world.payer.id) }

    /// A bank of 60 branches (more than one list holds) and みずほ with real codes, beside the demo.
    static let extra: String = {
        var lines = ["bank_code,bank_name,bank_name_kana,branch_code,branch_name,branch_name_kana",
                     "0001,みずほ銀行,ﾐｽﾞﾎ,001,東京営業部,ﾄｳｷﾖｳ", "0001,みずほ銀行,ﾐｽﾞﾎ,004,丸の内中央支店,ﾏﾙﾉｳﾁﾁﾕｳｵｳ"]
        for number in 1...60 {
            lines.append(String(format: "0996,架空多店舗銀行,ｶｸｳﾀﾃﾝﾎﾟｷﾞﾝｺｳ,%03d,第%d支店,ﾀﾞｲ%d", number, number, number))
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    static func withMaster(_ engine: DatabaseEngine, _ body: (TransferWorld) async throws -> Void) async throws {
        var settings = TransferWorld.settings()
        settings.majorBankCodes = ["0001", "0005", "0998"]
        try await TransferWorld.with(engine, settings: settings) { world in
            _ = try await world.bank.directory.importCSV(extra, by: .operator(name: "test"))
            try await body(world)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func banksAreFoundByKanaInAnyFormByInitialAndByCode(engine: DatabaseEngine) async throws {
        try await Self.withMaster(engine) { world in
            let directory = world.bank.directory, me = Self.customer(world)
            for text in ["みずほ", "ﾐｽﾞﾎ", "ミズホ"] {
                let found = try await directory.searchBanks(by: me, text: text, row: nil, initial: nil)
                #expect(found.entries.map(\.code) == ["0001"], "\(text)")
                #expect(found.entries.first?.name == "みずほ銀行")
            }
            // か: 架空サンプル, 架空多店舗 and 協栄 (ｷ), in 50音 order; た: テスト and デモネット (で).
            let ka = try await directory.searchBanks(by: me, text: "", row: "か", initial: nil)
            #expect(ka.entries.map(\.code) == ["0998", "0996", "1999", "2999"])
            let te = try await directory.searchBanks(by: me, text: nil, row: "た", initial: "て")
            #expect(te.query == .initial("て"))
            #expect(te.entries.map(\.code) == ["2998", "0997"])
            let code = try await directory.searchBanks(by: me, text: "０９９", row: nil, initial: nil)
            #expect(code.entries.map(\.code) == ["0996", "0997", "0998"])
            let none = try await directory.searchBanks(by: me, text: nil, row: nil, initial: nil)
            #expect(none.query == .none && none.entries.isEmpty && !none.truncated)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func majorBanksComeThisBankFirstThenTheConfiguredOnesTheMasterKnows(engine: DatabaseEngine) async throws {
        try await Self.withMaster(engine) { world in
            let major = try await world.bank.directory.majorBanks(by: Self.customer(world))
            // 0005 is not in this master: skipped.
            #expect(major.map(\.code) == ["2999", "0001", "0998"])
            #expect(major.first?.name == "協栄信用組合")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func branchesByNameInitialAndCodeAndEveryBranchOfASmallBank(engine: DatabaseEngine) async throws {
        try await Self.withMaster(engine) { world in
            let directory = world.bank.directory, me = Self.customer(world)
            let all = try await directory.searchBranches(by: me, bankCode: "0998", text: nil, row: nil, initial: nil)
            #expect(all.bank.name == "架空サンプル銀行")
            #expect(all.result.entries.map(\.code) == ["100", "201", "305"])
            #expect(!all.result.truncated)
            let byName = try await directory.searchBranches(by: me, bankCode: "0998", text: "えきまえ", row: nil, initial: nil)
            #expect(byName.result.entries.map(\.name) == ["駅前支店"])
            let byKanji = try await directory.searchBranches(by: me, bankCode: "０９９８", text: "港", row: nil, initial: nil)
            #expect(byKanji.result.entries.map(\.code) == ["305"])
            let byInitial = try await directory.searchBranches(by: me, bankCode: "0998", text: nil, row: nil, initial: "ほ")
            #expect(byInitial.result.entries.map(\.code) == ["100"])
            let byCode = try await directory.searchBranches(by: me, bankCode: "0998", text: "2", row: nil, initial: nil)
            #expect(byCode.result.entries.map(\.code) == ["201"])
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aLongListIsCutAndSaysSo(engine: DatabaseEngine) async throws {
        try await Self.withMaster(engine) { world in
            let directory = world.bank.directory, me = Self.customer(world)
            // 60 branches: nothing asked lists none and asks to narrow; た row finds all 60, cut at 50.
            let none = try await directory.searchBranches(by: me, bankCode: "0996", text: nil, row: nil, initial: nil)
            #expect(none.result.entries.isEmpty && none.result.truncated)
            let ta = try await directory.searchBranches(by: me, bankCode: "0996", text: nil, row: "た", initial: nil)
            #expect(ta.result.entries.count == DirectoryService.searchLimit && ta.result.truncated)
            let narrow = try await directory.searchBranches(by: me, bankCode: "0996", text: "第5", row: nil, initial: nil)
            #expect(narrow.result.entries.map(\.name) == ["第5支店"] + (50...59).map { "第\($0)支店" })
            #expect(narrow.result.entries.count == 11 && !narrow.result.truncated)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func badInputIsRefusedByFieldAndNothingIsWritten(engine: DatabaseEngine) async throws {
        try await Self.withMaster(engine) { world in
            let directory = world.bank.directory, me = Self.customer(world)
            let audit = try await world.bank.database.read { db in try await AuditRecords.search(db, AuditQuery(), limit: 10_000).count }
            func refusal(_ body: () async throws -> Void) async -> BankError? {
                do { try await body(); return nil } catch { return error as? BankError }
            }
            let cases: [(BankError?, String, String)] = [
                (await refusal { _ = try await directory.searchBanks(by: me, text: String(repeating: "み", count: 49), row: nil, initial: nil) },
                 "q", "error.directory_search.q_too_long"),
                (await refusal { _ = try await directory.searchBanks(by: me, text: nil, row: "き", initial: nil) },
                 "row", "error.directory_search.row_invalid"),
                (await refusal { _ = try await directory.searchBanks(by: me, text: nil, row: nil, initial: "Q") },
                 "kana", "error.directory_search.kana_invalid"),
                (await refusal { _ = try await directory.searchBranches(by: me, bankCode: "12", text: nil, row: nil, initial: nil) },
                 "bank_code", "error.bank_code.invalid"),
                (await refusal { _ = try await directory.searchBranches(by: me, bankCode: "0123", text: nil, row: nil, initial: nil) },
                 "bank_code", "error.transfer.unknown_bank"),
                (await refusal { _ = try await directory.searchBranches(by: me, bankCode: "0998", text: nil, row: nil, initial: "ab") },
                 "kana", "error.directory_search.kana_invalid"),
            ]
            for (error, field, key) in cases {
                #expect(error == .invalidInput([FieldError(field: field, messageKey: key)]), "\(field) \(key)")
            }
            // Staff and the CLI use their own screens: the customer's picker is the customer's.
            await #expect(throws: BankError.customerNotFound) {
                _ = try await directory.searchBanks(by: .operator(name: "x"), text: "みずほ", row: nil, initial: nil)
            }
            #expect(try await world.bank.database.read { db in try await AuditRecords.search(db, AuditQuery(), limit: 10_000).count } == audit)
        }
    }
}
