import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Metrics
import Prometheus
import Testing

/// The counters move at the use cases' outcome points and the gauges read the database, in
/// the Prometheus text `kyoei serve` exposes. Each test binds a registry of its own to its
/// task (swift-metrics' task-local factory): nothing is bootstrapped, so tests never clash.
@Suite struct MetricsTests {
    /// The value of the series whose name and labels all appear in the line, or 0.
    static func value(_ text: String, _ name: String, _ labels: [String: String] = [:]) -> Double {
        text.split(separator: "\n").filter { line in
            line.hasPrefix(name + "{") || line.hasPrefix(name + " ")
        }.filter { line in
            labels.allSatisfy { line.contains("\($0.key)=\"\($0.value)\"") }
        }.compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }.reduce(0, +)
    }

    @Test(arguments: TestDatabases.engines)
    func loginsRequestsTransfersAndTheOutboxAreCounted(engine: DatabaseEngine) async throws {
        let registry = PrometheusCollectorRegistry()
        try await withMetricsFactory(PrometheusMetricsFactory(registry: registry)) {
            try await withObservedSite(engine) { site in
                let browser = site.browser()
                #expect(try await browser.logIn(Site.loginID, "Wrong-password-1").location == nil)
                #expect(try await browser.logIn().location == "/menu")
                await site.bank.health.refreshGauges()
                let text = registry.emitToString()
                #expect(Self.value(text, BankMetrics.logins, ["who": "customer", "step": "password",
                                                             "outcome": "invalid_credentials", "channel": "web"]) == 1)
                #expect(Self.value(text, BankMetrics.logins, ["outcome": "success", "channel": "web"]) == 1)
                #expect(Self.value(text, BankMetrics.httpRequests, ["route": "/login", "method": "POST"]) == 2)
                #expect(Self.value(text, BankMetrics.httpRequests, ["route": "/login", "method": "GET", "status": "200"]) == 2)
                #expect(text.contains("\(BankMetrics.httpDuration)_bucket{"), "a latency histogram")
                #expect(Self.value(text, BankMetrics.httpDuration + "_count", ["route": "/login", "method": "POST"]) == 2)
                #expect(text.contains("# TYPE \(BankMetrics.outboxDue) gauge"))
                #expect(text.contains("# TYPE \(BankMetrics.databaseConnections) gauge"))
                #expect(Self.value(text, BankMetrics.databaseUp) == 1)
                // The login notice was queued and nothing sent it: one due mail, waiting since the login.
                site.clock.advance(by: 90)
                await site.bank.health.refreshGauges()
                let later = registry.emitToString()
                #expect(Self.value(later, BankMetrics.outboxPending) >= 1)
                #expect(Self.value(later, BankMetrics.outboxDue) >= 1)
                #expect(Self.value(later, BankMetrics.outboxOldestDueAge) >= 90)

                // A 振替 between the customer's own accounts, and a 実行 of a 確認画面 that does not exist.
                let (nonce, _) = try await site.prepare(browser, destination: "own:\(site.customer.savings.id)", amount: "1000")
                #expect(try await site.execute(browser, nonce: nonce).location?.hasPrefix("/transfer/done") == true)
                _ = try await site.execute(browser, nonce: String(repeating: "a", count: 64))
                // A member of staff: password and code, counted on the back office's channel.
                _ = try await site.staffBrowser()
                let after = registry.emitToString()
                #expect(Self.value(after, BankMetrics.logins, ["who": "staff", "step": "password", "outcome": "otp_required",
                                                              "channel": "staff"]) == 1)
                #expect(Self.value(after, BankMetrics.logins, ["who": "staff", "step": "otp", "outcome": "success"]) == 1)
                #expect(Self.value(after, BankMetrics.transfers, ["route": "own", "outcome": "executed", "channel": "web"]) == 1)
                #expect(Self.value(after, BankMetrics.transfers, ["outcome": "refused", "reason": "error.transfer.confirmation_expired"]) == 1)
            }
        }
    }
}
