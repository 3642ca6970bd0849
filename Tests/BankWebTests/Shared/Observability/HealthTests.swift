import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import SQLKit
import Testing

/// /healthz answers without the database; /readyz says 503 and why when the database is
/// behind this build's migrations, 200 when it is current. Neither needs a session or a form token.
@Suite struct HealthTests {
    @Test(arguments: TestDatabases.engines)
    func readyOnlyWhenEveryMigrationIsApplied(engine: DatabaseEngine) async throws {
        try await withObservedSite(engine) { site in
            let probe = site.browser()
            let alive = try await probe.get("/healthz")
            #expect(alive.status == .ok && alive.body.contains(#""status":"alive""#))
            #expect(alive.headers[.cacheControl] == "no-store")
            #expect(alive.setCookies.isEmpty, "a probe gets no cookie")
            // The probe gives the database 2 s: with the whole suite running at once that was
            // once too little on PostgreSQL. Such an answer is asked again; any other stands.
            func readyz() async throws -> WebResponse {
                var answer = try await probe.get("/readyz")
                for _ in 0..<5 where answer.body.contains("did not answer within") { answer = try await probe.get("/readyz") }
                return answer
            }
            let ready = try await readyz()
            #expect(ready.status == .ok)
            #expect(ready.body.contains(#""status":"ready""#))
            #expect(ready.body.contains(#""schema_version":"\#(Migrations.all.map(\.version).max() ?? 0)""#))
            #expect(try await probe.send("/readyz", method: .head, headers: [:], body: nil).status == .ok)

            // A node started on a database an upgrade has not reached yet.
            try await site.bank.database.transaction { db in
                try await db.raw("DELETE FROM schema_version WHERE version = 17").run()
            }
            let behind = try await readyz()
            #expect(behind.status == .serviceUnavailable)
            #expect(behind.body.contains(#""status":"not_ready""#))
            #expect(behind.body.contains("migrations pending: 17"))
            #expect(try await probe.get("/healthz").status == .ok, "alive all the same")
        }
    }

    @Test func aProbeIsNotAFormPost() async throws {
        try await withObservedSite { site in
            let answer = try await site.browser().post("/readyz", form: [])
            #expect(answer.status == .methodNotAllowed)
        }
    }
}
