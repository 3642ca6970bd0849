import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// The limit tests' world: the transfer world with a 100,000円 default limit (so a raise to
/// 150,000円 stays under the 200,000円 ceiling of a customer without an extra factor), the
/// clock on Wednesday 2026-11-25 10:00 JST, and the raise delay chosen per test.
extension TransferWorld {
    static func limitSettings(delay: LimitRaiseDelay = .nextBusinessDay) -> BankSettings {
        var settings = TransferWorld.settings(dailyLimit: 100_000)
        settings.transfers.raiseDelay = delay
        return settings
    }

    @discardableResult
    func changeLimit(_ amount: String, password: String = SeededCustomer.confirmationPassword) async throws -> TransferLimitChangeOutcome {
        try await bank.transferLimits.change(by: .customer(id: payer.id), amount: amount, confirmationPassword: password,
                                             session: TransferWorld.session, client: TransferWorld.client)
    }

    func limitOverview() async throws -> TransferLimitOverview {
        try await bank.transferLimits.overview(by: .customer(id: payer.id))
    }

    /// Every row of the raises table, for "nothing written".
    func raiseRows() async throws -> [TransferLimitRaiseRecord] {
        try await bank.database.read { db in try await TransferLimitRaiseRecords.forCustomer(db, customerID: payer.id, limit: 1000) }
    }

    /// 他行 (架空サンプル銀行): the daily limit applies.
    @discardableResult
    func payOut(_ amount: String) async throws -> TransferOutcome {
        try await transfer(payer, from: payer.ordinary, to: TransferWorld.otherBank, amount: amount)
    }

    func turnOnMailPassword() async throws {
        _ = try await bank.mailPassword.changeSetting(by: .customer(id: payer.id), use: true, address: "tanaka01@example.jp",
                                                      confirmationPassword: SeededCustomer.confirmationPassword,
                                                      session: TransferWorld.session, client: TransferWorld.client)
    }

    /// 2026-11-26 00:00 JST: when a raise asked for on the clock's first day applies.
    static let nextMidnight = Date(timeIntervalSince1970: 1_795_568_400 + 14 * 3600)
}
