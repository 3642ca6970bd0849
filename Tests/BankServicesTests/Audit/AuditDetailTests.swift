import BankServices
import Testing

/// The typed audit values store exactly the text rows have always had, and read it back.
@Suite struct AuditDetailTests {
    @Test func detailStoresTheKnownText() {
        let detail: AuditDetail = [.code(.wrongPassword), .field(.failures, 3)]
        #expect(detail.storedText == "wrong_password failures=3")
        let limit: AuditDetail = [.field(.from, 500000), .field(.to, "1000000 (default)")]
        #expect((limit + [.field(.request, 7), .field(.requestedBy, "clerk1")]).storedText
                == "from=500000 to=1000000 (default) request=7 requested_by=clerk1")
        #expect(AuditDetail.none.storedText == "")
    }

    @Test(arguments: [
        "transfer locked", "otp step=12345", "payee=3 0001-001-ordinary-12***67", "reason=lost phone, called in",
        "refusal=error.transfer.limit amount=10000 kind=other", "unknown_word future_key=1 failures=2", "",
    ])
    func storedTextReadsBackUnchanged(stored: String) {
        #expect(AuditDetail(stored: stored).storedText == stored)
    }

    @Test func readBackKeepsCodesAndFields() {
        let read = AuditDetail(stored: "transfer incorrect failures=2")
        #expect(read.leadingCode == .transfer)
        #expect(read.words == ["transfer", "incorrect"])
        #expect(read.pairs.map(\.key) == ["failures"] && read.pairs.map(\.value) == ["2"])
        #expect(AuditDetail(stored: "payee_add failures=1").leadingCode == .payeeAdd)
    }

    @Test func actorsStoreTheKnownText() {
        let cases: [(AuditActor, String)] = [
            (.customer, "customer"), (.staff("clerk1"), "staff:clerk1"), (.unknownStaff, "staff:?"), (.system, "system"),
            (.anonymous, "anonymous"), (.tokenApp, "token_app"),
        ]
        for (actor, text) in cases {
            #expect(actor.storedText == text)
            #expect(AuditActor(stored: text) == actor)
        }
        #expect(AuditActor(.operator(name: "yamada")).storedText == "staff:yamada")
    }

    @Test func eventNamesAreTheStoredNames() {
        #expect(AuditEventName.allCases.count == Set(AuditEventName.allCases.map(\.rawValue)).count)
        #expect(AuditEventName.loginOTP.rawValue == "login_otp")
        #expect(AuditEventName.accessRequestWithdrawn.rawValue == "access_request_withdrawn")
        #expect(AuditEventName.allCases.first == .login && AuditEventName.allCases.last == .staffView)
    }
}
