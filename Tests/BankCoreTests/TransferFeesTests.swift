import BankCore
import Testing

@Suite struct TransferFeesTests {
    let ours = BankCode(unchecked: "2999")
    let honten = BranchCode(unchecked: "001")
    let yoshida = BranchCode(unchecked: "002")

    @Test func routesAreClassifiedFromTheSourceBranch() {
        #expect(TransferRoute.classify(ourBank: ours, sourceBranch: honten, destinationBank: ours, destinationBranch: honten) == .sameBranch)
        #expect(TransferRoute.classify(ourBank: ours, sourceBranch: honten, destinationBank: ours, destinationBranch: yoshida) == .otherBranch)
        #expect(TransferRoute.classify(ourBank: ours, sourceBranch: yoshida, destinationBank: ours, destinationBranch: honten) == .otherBranch)
        // Same branch code at another bank is another bank, not our 本店.
        #expect(TransferRoute.classify(ourBank: ours, sourceBranch: honten, destinationBank: BankCode(unchecked: "0998"), destinationBranch: honten) == .otherBank)
        #expect(TransferRoute.sameBranch.settlesAtOnce && TransferRoute.otherBranch.settlesAtOnce)
        #expect(!TransferRoute.otherBank.settlesAtOnce)
        #expect(TransferRoute.otherBank.labelKey == "transfer.route.other_bank")
    }

    @Test(arguments: [
        (TransferRoute.sameBranch, Int64(1), Int64(0)), (.sameBranch, 30_000, 0),
        (.otherBranch, 1, 110), (.otherBranch, 29_999, 110), (.otherBranch, 30_000, 220), (.otherBranch, 999_999_999_999, 220),
        (.otherBank, 29_999, 330), (.otherBank, 30_000, 550), (.otherBank, 30_001, 550),
    ])
    func standardFeesAroundTheThreshold(route: TransferRoute, amount: Int64, fee: Int64) {
        #expect(FeeTable.standard.fee(route: route, amount: Yen(amount)) == Yen(fee))
    }

    @Test func configStringRoundTrips() throws {
        #expect(FeeTable.standard.configString == "same_branch=0:0,other_branch=110:220,other_bank=330:550")
        #expect(try FeeTable.parse(FeeTable.standard.configString) == .standard)
        let custom = try FeeTable.parse(" other_bank = 440:660 , same_branch=0:0,other_branch=0:110\n")
        #expect(custom.fee(route: .otherBank, amount: Yen(29_999)) == Yen(440))
        #expect(custom.fee(route: .otherBank, amount: Yen(30_000)) == Yen(660))
        #expect(custom.fee(route: .otherBranch, amount: Yen(100)) == .zero)
        #expect(custom.configString == "same_branch=0:0,other_branch=0:110,other_bank=440:660")
        #expect("\(custom)" == custom.configString)
        // The maximum is allowed, one yen more is not.
        #expect(try FeeTable.parse("same_branch=0:0,other_branch=0:0,other_bank=10000:10000").otherBank.fromThreshold == Yen(10_000))
    }

    @Test(arguments: [
        ("", FeeTableError.empty),
        ("   ", .empty),
        ("same_branch=0:0,other_branch=110:220", .missingRoute(.otherBank)),
        ("same_branch=0:0,other_branch=110:220,other_bank=330:550,", .malformedPart("")),
        ("same_branch=0:0,other_branch=110,other_bank=330:550", .malformedPart("other_branch=110")),
        ("same_branch:0:0,other_branch=110:220,other_bank=330:550", .malformedPart("same_branch:0:0")),
        ("same_branch=0:0:0,other_branch=110:220,other_bank=330:550", .malformedPart("same_branch=0:0:0")),
        ("same_branch=0:0,other_branch=110:220,other_bank=330:550,atm=1:1", .unknownRoute("atm")),
        ("same_branch=0:0,same_branch=0:0,other_bank=330:550", .duplicateRoute(.sameBranch)),
        ("same_branch=0:0,other_branch=110:220,other_bank=abc:550", .notANumber(.otherBank, "abc")),
        ("same_branch=0:0,other_branch=+110:220,other_bank=330:550", .notANumber(.otherBranch, "+110")),
        ("same_branch=0:0,other_branch=110:220,other_bank=330:", .notANumber(.otherBank, "")),
        ("same_branch=0:0,other_branch=1.5:220,other_bank=330:550", .notANumber(.otherBranch, "1.5")),
        ("same_branch=0:-1,other_branch=110:220,other_bank=330:550", .negative(.sameBranch)),
        ("same_branch=0:0,other_branch=110:220,other_bank=330:10001", .overMaximum(.otherBank)),
        ("same_branch=0:0,other_branch=110:220,other_bank=330:99999999999999999999", .overMaximum(.otherBank)),
    ])
    func badConfigurationsNameThePart(text: String, expected: FeeTableError) {
        #expect(throws: expected) { try FeeTable.parse(text) }
    }

    @Test func errorsCarryKeysAndReadableDescriptions() {
        #expect(FeeTableError.missingRoute(.otherBank).messageKey == "error.fee_table.missing_route")
        #expect(FeeTableError.missingRoute(.otherBank).messageArguments == ["other_bank"])
        #expect(FeeTableError.notANumber(.otherBranch, "x").messageArguments == ["other_branch", "x"])
        #expect("\(FeeTableError.overMaximum(.otherBank))".contains("other_bank"))
        #expect("\(FeeTableError.malformedPart("oops"))".contains("\"oops\""))
        #expect("\(FeeTableError.unknownRoute("atm"))".contains("\"atm\""))
        let keys = [FeeTableError.empty, .malformedPart(""), .unknownRoute(""), .duplicateRoute(.sameBranch), .missingRoute(.sameBranch),
                    .notANumber(.sameBranch, ""), .negative(.sameBranch), .overMaximum(.sameBranch)].map(\.messageKey)
        #expect(Set(keys).count == keys.count)
    }

    @Test func theInitialiserRefusesOutOfRangeFees() throws {
        let free = FeeTable.Tier(belowThreshold: .zero, fromThreshold: .zero)
        #expect(throws: FeeTableError.negative(.otherBranch)) {
            try FeeTable(sameBranch: free, otherBranch: FeeTable.Tier(belowThreshold: Yen(-1), fromThreshold: .zero), otherBank: free)
        }
        #expect(throws: FeeTableError.overMaximum(.otherBank)) {
            try FeeTable(sameBranch: free, otherBranch: free, otherBank: FeeTable.Tier(belowThreshold: .zero, fromThreshold: Yen(10_001)))
        }
        let table = try FeeTable(sameBranch: free, otherBranch: free, otherBank: free)
        #expect(table.fee(route: .otherBank, amount: Yen(50_000)) == .zero)
    }
}
