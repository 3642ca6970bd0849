@_spi(AuditWriting) @testable import BankStore
import BankCore
import BankTestSupport
import Foundation
import SQLKit
import Testing

/// The OTP login step's two writes exist in both `StepForm`s: the code check's taking of the
/// customer, the counter and the step (`OTPCodeCheckRecords.take`), and the session replaced
/// with the login time and audit row (`SessionRecords.replaceOnLogin`). Every form each engine
/// has — SQLite: the statements; PostgreSQL: both — must give the answers and leave the rows
/// written below.
@Suite struct LoginStepFormsTests {
    static let now = RecordsTests.now

    @Test(arguments: TestDatabases.engines)
    func everyFormOfTheCodeChecksTakingGivesTheSameAnswersAndRows(engine: DatabaseEngine) async throws {
        for form in StepForm.all(on: engine) {
            try await TestDatabases.withDatabase(engine) { database, _ in
                let customer = try await database.transaction { db in try await RecordsTests.customer(db) }
                let token = try await database.transaction { db in try await OTPTokenStoreTests.provisioned(db, customerID: customer) }
                func take(_ step: Int64?, activating: Bool = false) async throws -> CodeCheckTaking {
                    try await database.transaction { db in
                        try await OTPCodeCheckRecords.take(db, customerID: customer, tokenID: token, step: step,
                                                           activating: activating, at: Self.now, form: form)
                    }
                }
                func lastStep() async throws -> (OTPTokenStatus?, Int64?) {
                    let found = try await database.read { db in try await OTPTokenRecords.find(db, id: token) }
                    return (found?.status, found?.lastAcceptedStep)
                }
                func fail(limit: Int) async throws {
                    _ = try await database.transaction { db in
                        try await CredentialRecords.recordFailure(db, customerID: customer, credential: .otp,
                                                                  policy: LockoutPolicy(limit: limit), at: Self.now)
                    }
                }

                #expect(try await take(100) == CodeCheckTaking(failures: 0, locked: false, stepAccepted: false),
                        "\(form): an active token's step is not accepted on a provisioned one")
                #expect(try await take(100, activating: true) == CodeCheckTaking(failures: 0, locked: false, stepAccepted: true),
                        "\(form): 利用開始")
                #expect(try await lastStep() == (.active, 100), "\(form)")
                #expect(try await take(100) == CodeCheckTaking(failures: 0, locked: false, stepAccepted: false),
                        "\(form): a step used before")
                #expect(try await take(nil) == CodeCheckTaking(failures: 0, locked: false, stepAccepted: false), "\(form): no step")
                try await fail(limit: 5)
                try await fail(limit: 5)
                #expect(try await take(101) == CodeCheckTaking(failures: 2, locked: false, stepAccepted: true),
                        "\(form): the count read, the step accepted (the caller clears the count)")
                #expect(try await lastStep() == (.active, 101), "\(form)")
                try await fail(limit: 3)
                #expect(try await take(102) == CodeCheckTaking(failures: 3, locked: true, stepAccepted: false),
                        "\(form): locked, the step not accepted")
                #expect(try await lastStep() == (.active, 101), "\(form)")
                let counter = try await database.read { db in
                    try await CredentialRecords.state(db, customerID: customer, credential: .otp)
                }
                #expect(counter.failures == 3 && counter.isLocked, "\(form): the counter as it was")
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func everyFormOfTheLoginsReplacementWritesTheSessionTimeAndAuditOrNothing(engine: DatabaseEngine) async throws {
        for form in StepForm.all(on: engine) {
            try await TestDatabases.withDatabase(engine) { database, _ in
                let customer = try await database.transaction { db in try await RecordsTests.customer(db) }
                func session(_ hash: String, _ stage: SessionStage) -> SessionRecord {
                    SessionRecord(tokenHash: hash, customerID: customer, stage: stage, csrfToken: "csrf-\(hash)",
                                  factorsPresented: stage == .authenticated ? [.loginPassword, .otp] : [.loginPassword],
                                  ip: "192.0.2.1", userAgent: "ua", createdAt: Self.now, lastSeenAt: Self.now)
                }
                try await database.transaction { db in try await SessionRecords.insert(db, session("waiting", .otpPending)) }
                let later = Self.now.addingTimeInterval(60)
                func replace(_ hash: String) async throws -> Bool {
                    let audit = AuditRow(AuditEvent(at: later, event: "login", result: .success, actor: "customer", customerID: customer,
                                                    loginID: "record01", detail: "code=otp step=\(hash)", channel: "web"))
                    return try await database.transaction { db in
                        try await SessionRecords.replaceOnLogin(db, tokenHash: hash, with: session("signed-in-\(hash)", .authenticated),
                                                                audit: audit, at: later, form: form)
                    }
                }
                #expect(try await replace("waiting"), "\(form)")
                #expect(try await replace("waiting") == false, "\(form): a second tab loses, nothing written")
                #expect(try await replace("unknown") == false, "\(form)")

                let (old, new, record, audits) = try await database.read { db in
                    (try await SessionRecords.find(db, tokenHash: "waiting"),
                     try await SessionRecords.find(db, tokenHash: "signed-in-waiting"),
                     try await CustomerRecords.find(db, id: customer), try await AuditRecords.list(db, customerID: customer))
                }
                #expect(old == nil, "\(form)")
                #expect(new?.stage == .authenticated && new?.csrfToken == "csrf-signed-in-waiting", "\(form)")
                #expect(record?.lastLoginAt == later, "\(form): the login's time, once")
                #expect(audits.map(\.detail) == ["code=otp step=waiting"], "\(form): one audit row, the first's")
            }
        }
    }
}
